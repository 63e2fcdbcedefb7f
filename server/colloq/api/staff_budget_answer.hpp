#pragma once
// The answer when a staff account's day of sending is spent (imports and mailings).
#include "colloq/api/message.hpp"
#include "colloq/store/staff_budget.hpp"

namespace colloq::api {

// 429 `rate_limited` with Retry-After (until the next day), saying which budget is spent.
response over_budget(const store::budget_answer& refused);

}  // namespace colloq::api
