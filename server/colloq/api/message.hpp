#pragma once
// Requests and responses as the handlers see them: plain values, no sockets, no Beast.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace colloq::api {

struct request {
    std::string method;                                       // "GET", "POST"…
    std::vector<std::string> segments;                        // decoded path segments
    std::vector<std::pair<std::string, std::string>> query;   // decoded query parameters
    std::map<std::string, std::string> headers;               // lower-case names
    std::string body;
    std::string remote_address;
    std::vector<std::string> params;                          // the route's {} segments, in order
    int route = -1;                                           // the router's index of the route taken

    std::optional<std::string> query_param(std::string_view name) const;
    std::string header(const std::string& lower_case_name) const;
};

class body_stream;

struct response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::shared_ptr<body_stream> stream;  // set: the body comes from it (chunked), `body` is unused
};

// Hands the response back exactly once; a handler that drops it without answering
// produces a 500 in the contract's shape rather than a connection left hanging.
class responder {
public:
    using sink = std::function<void(response)>;
    explicit responder(sink s);
    void operator()(response r) const;

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace colloq::api
