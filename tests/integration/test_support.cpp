#include "test_support.hpp"

#include <atomic>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace colloq_it {

namespace json = boost::json;

std::string unique_email(const std::string& tag) {
    static std::atomic<long> counter{0};
    return tag + "." + std::to_string(getpid()) + "." + std::to_string(++counter) + "@mairie-exemple.fr";
}

json::object person(const std::string& email, const std::optional<std::string>& partner) {
    json::object o{
        {"first_name", "Camille"},
        {"last_name", "Durand"},
        {"email", email},
        {"organisation", "Commune de Villeurbanne"},
        {"role", "Directrice de cabinet"},
        {"consent", true},
    };
    if (partner) o["partner"] = *partner;
    return o;
}

std::string id_text(const json::value& id) {
    if (id.is_int64()) return std::to_string(id.as_int64());
    if (id.is_uint64()) return std::to_string(id.as_uint64());
    if (id.is_string()) return std::string(id.as_string());
    return {};
}

std::string token_from(const std::string& manage_url) {
    auto at = manage_url.rfind("/m/");
    if (at == std::string::npos) return {};
    std::string token = manage_url.substr(at + 3);
    auto end = token.find_first_of("/?#");
    return end == std::string::npos ? token : token.substr(0, end);
}

registered register_body(http_client& client, const json::object& body) {
    registered r;
    r.response = client.post_json("/api/registrations", body);
    if (r.response.status != 201) return r;
    json::value v = r.response.json();
    if (!v.is_object()) return r;
    const auto& o = v.as_object();
    if (auto* id = o.if_contains("id")) r.id = id_text(*id);
    r.status = str(v, "status");
    r.manage_url = str(v, "manage_url");
    r.token = token_from(r.manage_url);
    long long pos = num(v, "waitlist_position");
    if (pos != no_number) r.waitlist_position = pos;
    return r;
}

registered register_new(http_client& client, const std::optional<std::string>& partner, const std::string& tag) {
    return register_body(client, person(unique_email(tag), partner));
}

json::object event_info(http_client& client) {
    http_response r = client.get("/api/event");
    EXPECT_EQ(r.status, 200) << r.body;
    json::value v = r.json();
    if (!v.is_object()) {
        ADD_FAILURE() << "GET /api/event is not a JSON object: " << r.body;
        return {};
    }
    return v.as_object();
}

json::object partner_info(const json::object& event, const std::string& slug) {
    if (auto* partners = event.if_contains("partners"); partners && partners->is_array())
        for (const auto& p : partners->as_array())
            if (str(p, "slug") == slug && p.is_object()) return p.as_object();
    ADD_FAILURE() << "partner " << slug << " missing from GET /api/event: " << json::serialize(event);
    return {};
}

std::string manage_status(http_client& client, const std::string& token) {
    http_response r = client.get("/api/manage/" + token);
    if (r.status != 200) return "<status " + std::to_string(r.status) + ">";
    return str(r.json(), "status");
}

std::string str(const json::value& v, const char* key) {
    if (!v.is_object()) return "<missing>";
    auto* f = v.as_object().if_contains(key);
    if (!f || !f->is_string()) return "<missing>";
    return std::string(f->as_string());
}

long long num(const json::value& v, const char* key) {
    if (!v.is_object()) return no_number;
    auto* f = v.as_object().if_contains(key);
    if (!f) return no_number;
    if (f->is_int64()) return f->as_int64();
    if (f->is_uint64()) return static_cast<long long>(f->as_uint64());
    return no_number;
}

bool is_null(const json::value& v, const char* key) {
    if (!v.is_object()) return false;
    auto* f = v.as_object().if_contains(key);
    return f && f->is_null();
}

bool has(const json::value& v, const char* key) {
    return v.is_object() && v.as_object().contains(key);
}

bool looks_french(const std::string& message) {
    if (message.size() < 8) return false;
    for (unsigned char c : message)
        if (c >= 0x80) return true;  // é, è, à, ç…
    static const std::vector<std::string> words{" de ", " la ", " le ", " les ", " votre ", " vous ",
                                                 " est ", " une ", " un ", " pas ", "Indiquez", "Merci",
                                                 "Veuillez", "Cette ", "Ce "};
    for (const auto& w : words)
        if (message.find(w) != std::string::npos) return true;
    return false;
}

void expect_error(const http_response& r, long status, const std::string& error,
                  const std::optional<std::string>& field) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos)
        << "content-type: " << r.header("content-type");
    json::value v;
    try {
        v = parse_json(r.body);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "error answer is not JSON: " << e.what();
        return;
    }
    if (!error.empty()) {
        EXPECT_EQ(str(v, "error"), error) << r.body;
    } else {
        EXPECT_NE(str(v, "error"), "<missing>") << r.body;
        EXPECT_FALSE(str(v, "error").empty()) << r.body;
    }
    std::string message = str(v, "message");
    EXPECT_NE(message, "<missing>") << r.body;
    EXPECT_FALSE(message.empty()) << r.body;
    if (field) {
        EXPECT_EQ(str(v, "field"), *field) << r.body;
    }
}

void expect_invalid(const http_response& r, const std::string& field) {
    expect_error(r, 422, "invalid", field);
    std::string message = str(r.status == 422 ? r.json() : json::value(), "message");
    EXPECT_TRUE(looks_french(message)) << "not a French sentence: " << message;
}

}  // namespace colloq_it
