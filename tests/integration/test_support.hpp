#pragma once
// What several integration test files share: people to register, reading JSON answers,
// and the checks of the contract's error shape.
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "http_client.hpp"

namespace colloq_it {

// A fresh address on every call, unique across threads.
std::string unique_email(const std::string& tag = "personne");

// A valid registration body.
boost::json::object person(const std::string& email, const std::optional<std::string>& partner = std::nullopt);

// The outcome of POST /api/registrations, read from its JSON.
struct registered {
    http_response response;
    std::string id;      // as text, whether the server sent a number or a string
    std::string status;  // confirmed, waitlisted, pending
    std::string manage_url;
    std::string token;   // the manage token, from manage_url
    std::optional<long long> waitlist_position;
};

registered register_body(http_client& client, const boost::json::object& body);
registered register_new(http_client& client, const std::optional<std::string>& partner = std::nullopt,
                        const std::string& tag = "personne");

// The token at the end of a manage URL ("…/m/TOKEN"); "" when there is none.
std::string token_from(const std::string& manage_url);

// GET /api/event as an object (a test failure and an empty object otherwise).
boost::json::object event_info(http_client& client);
// The entry of one partner in GET /api/event.
boost::json::object partner_info(const boost::json::object& event, const std::string& slug);
// The status of a registration through GET /api/manage/{token}.
std::string manage_status(http_client& client, const std::string& token);

// Field access that never throws: "<missing>" / a sentinel when absent or of another type.
std::string str(const boost::json::value& v, const char* key);
long long num(const boost::json::value& v, const char* key);
bool is_null(const boost::json::value& v, const char* key);
bool has(const boost::json::value& v, const char* key);
std::string id_text(const boost::json::value& id);

inline constexpr long long no_number = -999999;

// How much longer the sanitized build (./scripts/test --sanitize) may take where a test bounds a
// wait: AddressSanitizer with whole stacks makes badge rendering several times slower.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int sanitized_slowdown = 4;
#else
inline constexpr int sanitized_slowdown = 1;
#endif

// A sentence a French reader would recognise as French.
bool looks_french(const std::string& message);

// Checks an error answer: status, JSON content type, {error, message[, field]}.
void expect_error(const http_response& r, long status, const std::string& error,
                  const std::optional<std::string>& field = std::nullopt);
// 422 invalid naming this field, with a French message.
void expect_invalid(const http_response& r, const std::string& field);

}  // namespace colloq_it
