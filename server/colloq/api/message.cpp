#include "colloq/api/message.hpp"

#include <atomic>

#include "colloq/api/json_io.hpp"

namespace colloq::api {

std::optional<std::string> request::query_param(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return v;
    return std::nullopt;
}

std::string request::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

struct responder::state {
    sink out;
    std::atomic<bool> answered{false};
    ~state() {
        if (!answered.exchange(true))
            out(json_error(500, "internal", "Une erreur interne est survenue. Réessayez dans un instant."));
    }
};

responder::responder(sink s) : state_(std::make_shared<state>()) { state_->out = std::move(s); }

void responder::operator()(response r) const {
    if (!state_->answered.exchange(true)) state_->out(std::move(r));
}

}  // namespace colloq::api
