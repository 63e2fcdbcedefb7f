#pragma once
// The places for request bodies past [server] body_limit (an invitees' file, up to 4 MiB),
// given once a request's headers are read and before any of its body: only to staff whose
// credential holds and who may import, one place per account at a time and `places` in all.
// The memory such bodies take stays bounded, a stranger holds none, and one account's slow
// uploads keep no other account's import waiting.
#include <functional>
#include <memory>
#include <mutex>
#include <set>

#include "colloq/api/router.hpp"

namespace colloq::api {

struct services;

inline constexpr int large_bodies_at_once = 4;

class large_body_places : public std::enable_shared_from_this<large_body_places> {
public:
    explicit large_body_places(int places = large_bodies_at_once) : places_(places) {}

    // `req` holds the request's headers only. `done` gets a refusal (401, 403, 503) or a place.
    void admit(services& s, request& req, std::function<void(body_admission)> done);

private:
    std::shared_ptr<void> take(long long account);

    std::mutex mutex_;
    const int places_;
    std::set<long long> holders_;  // the accounts reading a large body
};

}  // namespace colloq::api
