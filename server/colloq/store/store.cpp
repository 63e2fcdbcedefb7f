#include "colloq/store/store.hpp"

#include <iostream>

#include <soci/soci.h>

#include "colloq/domain/time.hpp"
#include "colloq/store/checkpointer.hpp"
#include "colloq/store/readers.hpp"
#include "colloq/store/registrations.hpp"
#include "colloq/store/writer.hpp"

namespace colloq::store {

store::store(const location& where, const config::config& cfg, int read_threads)
    : cfg_(cfg),
      writer_(std::make_unique<writer>(where, cfg)),
      readers_(std::make_unique<readers>(where, read_threads)) {
    if (where.kind == backend::sqlite) checkpointer_ = std::make_unique<checkpointer>(where);
    // Seats may have been freed while stopped (a larger capacity in the config).
    writer_->submit([](write_context& ctx) { promote_waiting(ctx); }, [](bool) {});
}

store::~store() { stop(); }

void store::stop() {
    writer_->stop();
    readers_->stop();
    checkpointer_.reset();
}

std::shared_ptr<const domain::tally> store::tally() const { return writer_->tally(); }

void store::register_applicant(domain::applicant a, std::function<void(register_reply)> done) {
    auto reply = std::make_shared<register_reply>();
    writer_->submit(
        [reply, a = std::move(a)](write_context& ctx) {
            added result = add_registration(ctx, a);
            reply->already_registered = result.already_registered;
            reply->reg = std::move(result.reg);
            reply->manage_token = std::move(result.manage_token);
        },
        [reply, done = std::move(done)](bool committed) {
            reply->failed = !committed;
            done(std::move(*reply));
        });
}

namespace {

// Runs `query` on a read connection and hands its reply to `done`, marking database failures.
template <class Reply, class Query>
void read_with(readers& pool, Query query, std::function<void(Reply)> done) {
    pool.submit([query = std::move(query), done = std::move(done)](soci::session* sql) {
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

}  // namespace

void store::find_by_manage_token(const std::string& token, std::function<void(lookup_reply)> done) {
    read_with<lookup_reply>(
        *readers_,
        [token, event = cfg_.event.slug](soci::session& sql, lookup_reply& r) {
            if (auto id = registration_for_token(sql, token)) {
                r.reg = find_registration(sql, *id);
                if (r.reg && r.reg->event != event) r.reg.reset();
            }
        },
        std::move(done));
}

void store::cancel_by_manage_token(const std::string& token, std::function<void(cancel_reply)> done) {
    auto reply = std::make_shared<cancel_reply>();
    writer_->submit(
        [reply, token](write_context& ctx) {
            auto id = registration_for_token(ctx.sql, token);
            if (!id) return;
            cancelled result = cancel_registration(ctx, *id);
            if (result.found) reply->reg = std::move(result.reg);
        },
        [reply, done = std::move(done)](bool committed) {
            reply->failed = !committed;
            done(std::move(*reply));
        });
}

void store::due_mail(int limit, std::function<void(mail_reply)> done) {
    read_with<mail_reply>(
        *readers_,
        [limit](soci::session& sql, mail_reply& r) {
            r.items = colloq::store::due_mail(sql, domain::format_utc(domain::now()), limit);
            if (r.items.empty()) r.next_due = next_mail_due(sql);
        },
        std::move(done));
}

void store::mark_mail_sent(std::vector<long long> ids, std::function<void(bool)> done) {
    writer_->submit([ids = std::move(ids)](write_context& ctx) { mark_sent(ctx.sql, ids, ctx.now); },
                    std::move(done));
}

void store::reschedule_mail(long long id, int attempts, std::string next_attempt_at, std::string error,
                            std::function<void(bool)> done) {
    writer_->submit(
        [=](write_context& ctx) { colloq::store::reschedule_mail(ctx.sql, id, attempts, next_attempt_at, error); },
        std::move(done));
}

void store::on_mail_queued(std::function<void()> listener) { writer_->on_outbox_insert(std::move(listener)); }

void store::ping(std::function<void(bool ok)> done) {
    struct ping_reply {
        bool failed = false;
    };
    read_with<ping_reply>(
        *readers_, [](soci::session& sql, ping_reply&) {
            int one = 0;
            sql << "SELECT 1", soci::into(one);
        },
        std::function<void(ping_reply)>([done = std::move(done)](ping_reply r) { done(!r.failed); }));
}

}  // namespace colloq::store
