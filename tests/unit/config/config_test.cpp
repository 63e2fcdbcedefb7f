#include <gtest/gtest.h>

#include "colloq/config/config.hpp"

namespace colloq::config {
namespace {

const char* minimal = R"(
[event]
slug = "test"
title = "Test"
organiser = "Org"
venue = "Salle"
starts_at = "2024-10-10T09:00:00+02:00"
ends_at = "2024-10-10T13:00:00+02:00"
capacity = 50

[[partners]]
slug = "dextera"
name = "Dextera"
quota = 20
requires_approval = true

[mail]
from = "Colloque <inscriptions@example.org>"
)";

std::string error_of(const std::string& text) {
    try {
        parse(text, "event.toml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

TEST(config, builtin_is_the_senate_colloquium) {
    config c = builtin();
    EXPECT_EQ(c.event.capacity, 300);
    EXPECT_EQ(c.event.organiser, "L'Inspiration politique");
    EXPECT_NE(c.event.venue.find("15 rue de Vaugirard"), std::string::npos);
    ASSERT_EQ(c.partners.size(), 3u);
    EXPECT_EQ(c.partners[0].slug, "dextera");
    EXPECT_EQ(c.partners[1].slug, "dircab");
    EXPECT_EQ(c.partners[2].slug, "coopcab");
    EXPECT_FALSE(c.event.registration_closes_at);
    EXPECT_FALSE(c.server.public_url_configured) << "the built-in event links to where serve listens";
}

TEST(config, a_public_url_in_the_file_is_the_configured_one) {
    config c = parse(std::string(minimal) + "\n[server]\npublic_url = \"https://colloque.example.fr/\"\n", "event.toml");
    EXPECT_TRUE(c.server.public_url_configured);
    EXPECT_EQ(c.server.public_url, "https://colloque.example.fr");
}

TEST(config, reads_every_key_with_defaults) {
    config c = parse(minimal, "event.toml");
    EXPECT_EQ(c.partners[0].quota, 20);
    EXPECT_TRUE(c.partners[0].requires_approval);
    EXPECT_EQ(c.server.public_url, "http://localhost:8080");
    EXPECT_FALSE(c.server.public_url_configured) << "serve then links to the address it listens on";
    EXPECT_EQ(c.event.contact_email, "inscriptions@example.org");
    EXPECT_EQ(c.server.body_limit, 64u * 1024);
}

TEST(config, limits_and_proxies_have_defaults_and_are_read) {
    config c = parse(minimal, "event.toml");
    EXPECT_EQ(c.limits.registrations_per_address, 20);
    EXPECT_EQ(c.limits.resend_interval, std::chrono::seconds(600));
    EXPECT_EQ(c.server.max_connections, 10000);
    EXPECT_TRUE(c.server.trusted_proxies.empty());

    std::string text = std::string(minimal) +
                       "\n[server]\ntrusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\", \"::1\"]\nmax_connections = 500\n"
                       "\n[limits]\nregistrations_per_address = 5\nresend_interval = 60\n";
    c = parse(text, "event.toml");
    EXPECT_EQ(c.server.trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "::1"}));
    EXPECT_EQ(c.server.max_connections, 500);
    EXPECT_EQ(c.limits.registrations_per_address, 5);
    EXPECT_EQ(c.limits.resend_interval, std::chrono::seconds(60));
}

TEST(config, a_proxy_that_is_not_an_address_is_refused) {
    std::string e = error_of(std::string(minimal) + "\n[server]\ntrusted_proxies = [\"nginx.local\"]\n");
    EXPECT_NE(e.find("server.trusted_proxies"), std::string::npos) << e;
    e = error_of(std::string(minimal) + "\n[server]\ntrusted_proxies = [\"10.0.0.0/40\"]\n");
    EXPECT_NE(e.find("server.trusted_proxies"), std::string::npos) << e;
    e = error_of(std::string(minimal) + "\n[limits]\nregistrations_per_address = 0\n");
    EXPECT_NE(e.find("limits.registrations_per_address"), std::string::npos) << e;
}

TEST(config, unknown_key_names_file_line_and_key) {
    std::string text = std::string(minimal) + "\n[server]\npublic_url = \"https://x.fr\"\nlisten_port = 3\n";
    std::string e = error_of(text);
    EXPECT_NE(e.find("event.toml:"), std::string::npos) << e;
    EXPECT_NE(e.find("server.listen_port"), std::string::npos) << e;
    EXPECT_NE(e.find(":22:"), std::string::npos) << e;
}

TEST(config, missing_required_key_is_named) {
    std::string text = minimal;
    text.replace(text.find("capacity = 50"), 13, "");
    EXPECT_NE(error_of(text).find("event.capacity"), std::string::npos);
}

TEST(config, bad_values_are_refused_with_their_key) {
    auto with = [](std::string from, std::string to) {
        std::string t = minimal;
        t.replace(t.find(from), from.size(), to);
        return error_of(t);
    };
    EXPECT_NE(with("capacity = 50", "capacity = -1").find("event.capacity"), std::string::npos);
    EXPECT_NE(with("capacity = 50", "capacity = \"50\"").find("event.capacity"), std::string::npos);
    EXPECT_NE(with("2024-10-10T13:00:00+02:00", "demain").find("event.ends_at"), std::string::npos);
    EXPECT_NE(with("quota = 20", "quota = 2.5").find("partners.quota"), std::string::npos);
    EXPECT_NE(with("slug = \"dextera\"", "slug = \"Dex tera\"").find("partners.slug"), std::string::npos);
    EXPECT_NE(error_of("[event\n").find("event.toml:1"), std::string::npos);
}

}  // namespace
}  // namespace colloq::config
