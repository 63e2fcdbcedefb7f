#pragma once
// Maps a method and a path pattern ("/api/manage/{}/cancel") to a handler.
#include <functional>
#include <string>
#include <vector>

#include "colloq/api/message.hpp"
#include "colloq/api/request_metrics.hpp"

namespace colloq::api {

using handler = std::function<void(request&, responder)>;

class router {
public:
    // `pattern` segments are literal, or "{}" for one path segment passed in request::params.
    void add(std::string method, std::string_view pattern, handler h);
    void set_not_found(handler h) { not_found_ = std::move(h); }

    // Calls the matching handler, a GET route's for HEAD; 404 when no path matches, 405 with
    // the allowed methods when only the method differs.
    // An exception from a handler becomes a 500 in the contract's shape and one log line.
    void dispatch(request& req, responder respond) const;

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
    request_metrics metrics_;
};

}  // namespace colloq::api
