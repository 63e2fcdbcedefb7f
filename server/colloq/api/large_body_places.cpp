#include "colloq/api/large_body_places.hpp"

#include <atomic>

#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"

namespace colloq::api {

void large_body_places::admit(services& s, request& req, std::function<void(body_admission)> done) {
    // One answer whichever way the check ends: a place, or a refusal. The guard's responder,
    // unused once a place is given, would answer 500 when it goes: that comes second, and is dropped.
    struct once {
        std::atomic<bool> answered{false};
        std::function<void(body_admission)> done;
        void operator()(body_admission a) {
            if (!answered.exchange(true)) done(std::move(a));
        }
    };
    auto reply = std::make_shared<once>();
    reply->done = std::move(done);
    auto self = shared_from_this();
    with_principal(
        s, req, responder([reply](response refusal) { (*reply)({std::move(refusal), nullptr}); }), access::staff,
        [self, reply](const principal& p) {
            if (auto place = self->take(p.staff_id)) return (*reply)({std::nullopt, std::move(place)});
            (*reply)({json_error(503, "unavailable",
                                 "Un autre import est en cours de lecture : réessayez dans un instant."),
                      nullptr});
        });
}

std::shared_ptr<void> large_body_places::take(long long account) {
    std::lock_guard lock(mutex_);
    if (static_cast<int>(holders_.size()) >= places_ || !holders_.insert(account).second) return nullptr;
    // Given back when the request that holds it has been read and answered.
    return std::shared_ptr<void>(static_cast<void*>(this), [self = shared_from_this(), account](void*) {
        std::lock_guard lock(self->mutex_);
        self->holders_.erase(account);
    });
}

}  // namespace colloq::api
