#pragma once
// For the sub-commands that work on accounts and tokens: the data directory's store, migrated,
// and a way to wait for one of its asynchronous replies.
#include <future>
#include <memory>

#include "colloq/cli/common.hpp"
#include "colloq/store/store.hpp"

namespace colloq::cli {

// The store of the data directory, after pending migrations; `cfg` must outlive it.
std::unique_ptr<store::store> open_store(const global_options& g, const config::config& cfg);

// Calls a store operation and waits for its reply.
template <class Reply, class Call>
Reply wait_for(Call call) {
    std::promise<Reply> promise;
    auto future = promise.get_future();
    call([&promise](Reply r) { promise.set_value(std::move(r)); });
    return future.get();
}

}  // namespace colloq::cli
