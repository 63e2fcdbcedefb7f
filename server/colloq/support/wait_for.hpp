#pragma once
// Waits for the one reply of an asynchronous operation (the store's): for threads of their own
// that may block, such as the mail worker and the clock, never for a connection's thread.
#include <future>
#include <utility>

namespace colloq::support {

// `call(done)` starts the operation; `done(reply)` is called once, on any thread.
template <class Reply, class Call>
Reply wait_for(Call call) {
    std::promise<Reply> promise;
    auto reply = promise.get_future();
    call([&promise](Reply r) { promise.set_value(std::move(r)); });
    return reply.get();
}

}  // namespace colloq::support
