#pragma once
// Maps a method and a path pattern ("/api/manage/{}/cancel") to a handler.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "colloq/api/message.hpp"
#include "colloq/api/request_metrics.hpp"

namespace colloq::api {

using handler = std::function<void(request&, responder)>;

// Whether a request may send a body past [server] body_limit, decided from its headers before
// any of the body is read: a refusal to answer at once, or a place held until it is answered.
struct body_admission {
    std::optional<response> refusal;
    std::shared_ptr<void> place;
};
using body_gate = std::function<void(request&, std::function<void(body_admission)>)>;

class router {
public:
    // `pattern` segments are literal, or "{}" for one path segment passed in request::params.
    void add(std::string method, std::string_view pattern, handler h);
    void set_not_found(handler h) { not_found_ = std::move(h); }

    // Calls the matching handler, a GET route's for HEAD; 404 when no path matches, 405 with
    // the allowed methods when only the method differs.
    // An exception from a handler becomes a 500 in the contract's shape and one log line.
    void dispatch(request& req, responder respond) const;

    // The gate of large bodies (api/large_body_places.hpp). Without one, every such body is refused.
    void set_large_body_gate(body_gate g) { large_body_gate_ = std::move(g); }
    void admit_large_body(request& req, std::function<void(body_admission)> done) const;

    // Each route's requests: counted by the HTTP server once answered (request::route).
    const request_metrics& metrics() const { return metrics_; }

private:
    struct route {
        std::string method;
        std::vector<std::string> segments;
        handler run;
        int index = 0;
    };
    std::vector<route> routes_;
    handler not_found_;
    body_gate large_body_gate_;
    request_metrics metrics_;
};

}  // namespace colloq::api
