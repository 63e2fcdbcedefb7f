// What search engines are told, over HTTP: private pages (a person's link, its erasure
// confirmation, an attestation) are kept out of their indexes, in the page and in the
// X-Robots-Tag header; public pages carry a description made from the event, escaped.
#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

const std::string noindex = "<meta name=\"robots\" content=\"noindex\">";

std::string escaped_apostrophes(std::string text) {
    for (std::size_t at = 0; (at = text.find('\'', at)) != std::string::npos; at += 5) text.replace(at, 1, "&#39;");
    return text;
}

void expect_private(const http_response& r, const std::string& what) {
    EXPECT_TRUE(text_has(r.body, noindex)) << what << "\n" << r.body;
    EXPECT_EQ(r.header("x-robots-tag"), "noindex") << what;
    EXPECT_FALSE(text_has(r.body, "name=\"description\"")) << what;
}

TEST(page_indexing, private_pages_say_noindex_and_public_pages_describe_the_event) {
    server_process server;
    http_client client(server.base_url());
    auto reg = register_new(client, std::nullopt, "indexation");
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;

    expect_private(client.get("/m/" + reg.token), "the manage page");
    expect_private(client.get("/m/" + reg.token + "?effacer=1"), "the erasure confirmation");
    expect_private(client.get("/attestation/1-AAAAAAAA"), "an attestation page");
    expect_private(client.get("/m/inconnu-inconnu-inconnu-00"), "an unknown link");

    const std::string description = "<meta name=\"description\" content=\"Inscription au colloque « " +
                                    escaped_apostrophes(event_title) + " »";
    for (const char* path : {"/", "/p/dextera", "/confidentialite"}) {
        http_response page = client.get(path);
        ASSERT_EQ(page.status, 200) << path;
        EXPECT_TRUE(text_has(page.body, description)) << path << "\n" << page.body;
        EXPECT_TRUE(text_has(page.body, "Sénat, Palais du Luxembourg")) << path;
        EXPECT_FALSE(text_has(page.body, noindex)) << path;
        EXPECT_EQ(page.header("x-robots-tag"), "") << path;
    }
    std::string home = client.get("/").body;
    auto at = home.find("<meta name=\"description\"");
    ASSERT_NE(at, std::string::npos);
    std::string meta = home.substr(at, home.find('>', at) - at);
    EXPECT_TRUE(text_has(meta, "2030")) << meta;  // the date
    EXPECT_TRUE(text_has(meta, "75006 Paris")) << meta;  // the venue
}

}  // namespace
}  // namespace colloq_it
