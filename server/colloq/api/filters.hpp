#pragma once
// The list filters staff pass in the query string (?status=&partner=&q=), and the scope that
// limits a partner's staff to their own partner whatever they ask for.
#include <optional>

#include "colloq/api/guard.hpp"
#include "colloq/store/store.hpp"

namespace colloq::api {

// Reads the filters; a 422 naming the parameter when one is unknown.
std::optional<response> read_filter(const request& req, const config::config& cfg, store::registration_filter& out);

void limit_to_scope(const principal& p, store::registration_filter& filter);

}  // namespace colloq::api
