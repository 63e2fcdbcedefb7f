#include "colloq/api/router.hpp"

#include <algorithm>
#include <iostream>

#include "colloq/api/json_io.hpp"

namespace colloq::api {

void router::add(std::string method, std::string_view pattern, handler h) {
    route r{method, {}, std::move(h), metrics_.add_route(method, std::string(pattern))};
    while (!pattern.empty()) {
        if (pattern.front() == '/') pattern.remove_prefix(1);
        if (pattern.empty()) break;
        auto slash = pattern.find('/');
        r.segments.emplace_back(pattern.substr(0, slash));
        pattern = slash == std::string_view::npos ? std::string_view() : pattern.substr(slash);
    }
    routes_.push_back(std::move(r));
}

namespace {

// HEAD is answered as GET; the HTTP layer then sends the headers only.
bool serves(const std::string& route_method, const std::string& request_method) {
    return route_method == request_method || (request_method == "HEAD" && route_method == "GET");
}

// The value of a 405's Allow header.
std::string allow_header(const std::vector<std::string>& methods) {
    std::string allow;
    for (const auto& m : methods) {
        if (!allow.empty()) allow += ", ";
        allow += m;
        if (m == "GET") allow += ", HEAD";
    }
    return allow;
}

}  // namespace

void router::admit_large_body(request& req, std::function<void(body_admission)> done) const {
    if (!large_body_gate_) return done({json_error(413, "too_large", "La requête est trop volumineuse."), nullptr});
    large_body_gate_(req, std::move(done));
}

void router::dispatch(request& req, responder respond) const {
    std::vector<std::string> allowed;  // the methods of the routes whose path matches
    for (const auto& r : routes_) {
        if (r.segments.size() != req.segments.size()) continue;
        std::vector<std::string> params;
        bool match = true;
        for (std::size_t i = 0; i < r.segments.size() && match; ++i) {
            if (r.segments[i] == "{}") {
                if (req.segments[i].empty()) match = false;
                else params.push_back(req.segments[i]);
            } else if (r.segments[i] != req.segments[i]) {
                match = false;
            }
        }
        if (!match) continue;
        if (!serves(r.method, req.method)) {
            if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) allowed.push_back(r.method);
            continue;
        }
        req.params = std::move(params);
        req.route = r.index;
        try {
            r.run(req, respond);
        } catch (const std::exception& e) {
            std::cerr << "colloq: handler failed: " << e.what() << "\n";
            respond(json_error(500, "internal", "Une erreur interne est survenue. Réessayez dans un instant."));
        }
        return;
    }
    if (!allowed.empty()) {
        response r = json_error(405, "method_not_allowed", "Cette méthode n'est pas acceptée à cette adresse.");
        r.headers.emplace_back("Allow", allow_header(allowed));
        respond(std::move(r));
    } else if (not_found_) {
        not_found_(req, respond);
    } else {
        respond(json_error(404, "not_found", "Cette adresse n'existe pas."));
    }
}

}  // namespace colloq::api
