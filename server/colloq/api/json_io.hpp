#pragma once
// JSON in and out, and the contract's error shape.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "colloq/api/message.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::api {

response json_response(int status, const boost::json::value& body);
// {"error": code, "message": message, "field": field (when given)}
response json_error(int status, std::string_view code, std::string_view message,
                    std::string_view field = {});
// 503 `unavailable`: the database did not answer; with `retry_after`, a Retry-After header.
response unavailable(int retry_after_seconds = 0);

// A 422 for a form with faults: the contract's shape for the first, and "errors" listing
// every one ({"field", "message"}, in form order) so that a page can show them all at once.
response invalid_fields(const std::vector<domain::field_error>& faults);

// Parses a request body that must be one JSON object; on failure `error` holds the 400.
struct parsed_object {
    boost::json::object object;
    std::optional<response> error;
};
parsed_object parse_json_object(const request& req);

// Reads an optional text field: absent or null → nullopt; another type → a 400 in `error`.
std::optional<std::string> text_field(const boost::json::object& o, std::string_view name,
                                      std::optional<response>& error);

// Reads an optional true/false field: absent or null → nullopt; another type → a 400 in `error`.
std::optional<bool> flag_field(const boost::json::object& o, std::string_view name, std::optional<response>& error);

// Reads the optional "answers" object ({question id: answer}); another type → a 400 in `error`.
domain::answer_map answers_field(const boost::json::object& o, std::optional<response>& error);

}  // namespace colloq::api
