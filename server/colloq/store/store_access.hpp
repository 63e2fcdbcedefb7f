#pragma once
// How the store's operations reach the database: a read job on the pool, or a write job
// through the writer, each handing its reply back once and marking database failures.
// Included by the store's own .cpp files only.
#include <iostream>
#include <memory>

#include <soci/soci.h>

#include "colloq/store/home_thread.hpp"
#include "colloq/store/readers.hpp"
#include "colloq/store/store.hpp"
#include "colloq/store/writer.hpp"

namespace colloq::store {

// `done`, to be called on the home thread of the caller when it has one.
template <class Reply>
std::function<void(Reply)> delivered_home(std::function<void(Reply)> done) {
    const home_thread& home = home_of_this_thread();
    if (!home) return done;
    return [home, done = std::move(done)](Reply reply) {
        home([done, reply = std::move(reply)]() mutable { done(std::move(reply)); });
    };
}

// `query(session, reply)` fills the reply on a read connection.
template <class Reply, class Query>
void store::read(Query query, std::function<void(Reply)> done, bool on_read_thread) {
    if (!on_read_thread) done = delivered_home(std::move(done));
    readers_->submit([query = std::move(query), done = std::move(done)](soci::session* sql) {
        Reply reply;
        if (!sql) {
            reply.failed = true;
        } else {
            try {
                query(*sql, reply);
            } catch (const std::exception& e) {
                std::cerr << "colloq: read failed: " << e.what() << "\n";
                reply = Reply{};
                reply.failed = true;
            }
        }
        done(std::move(reply));
    });
}

// `job(context, reply)` fills the reply inside the writer's transaction; the reply is handed
// over after the commit, with `failed` set when the transaction did not commit.
template <class Reply, class Job>
void store::write(Job job, std::function<void(Reply)> done) {
    done = delivered_home(std::move(done));
    auto reply = std::make_shared<Reply>();
    writer_->submit(
        [reply, job = std::move(job)](write_context& ctx) {
            *reply = Reply{};  // a job may run a second time, after another job in its group failed
            job(ctx, *reply);
        },
        [reply, done = std::move(done)](bool committed) {
            if (!committed) *reply = Reply{};
            reply->failed = !committed;
            done(std::move(*reply));
        });
}

}  // namespace colloq::store
