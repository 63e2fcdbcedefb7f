#pragma once
// Answers as JSON, the same in the API and in the database's `answers` column:
// {"id": "text" | ["choice", …] | true}.
#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

#include "colloq/domain/registration.hpp"

namespace colloq::domain {

// Any JSON value is read; a shape validate_answers will refuse is kept as answer::shape::other.
answer answer_from_json(const boost::json::value& v);
answer_map answers_from_json(const boost::json::object& o);
boost::json::object answers_to_json(const answer_map& answers);

std::string answers_to_column(const answer_map& answers);
answer_map answers_from_column(std::string_view text);  // {} for anything unreadable

}  // namespace colloq::domain
