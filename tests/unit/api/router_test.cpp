#include <gtest/gtest.h>

#include "colloq/api/router.hpp"

namespace colloq::api {
namespace {

response call(const router& r, std::string method, std::vector<std::string> segments) {
    request req;
    req.method = std::move(method);
    req.segments = std::move(segments);
    response out;
    r.dispatch(req, responder([&](response res) { out = std::move(res); }));
    return out;
}

response text(std::string body) { return {200, "text/plain", std::move(body), {}, nullptr}; }

router sample() {
    router r;
    r.add("GET", "/", [](request&, responder respond) { respond(text("root")); });
    r.add("GET", "/m/{}", [](request& req, responder respond) { respond(text("manage " + req.params[0])); });
    r.add("POST", "/m/{}/cancel", [](request& req, responder respond) { respond(text("cancel " + req.params[0])); });
    r.add("GET", "/boom", [](request&, responder) { throw std::runtime_error("boom"); });
    r.add("GET", "/silent", [](request&, responder) {});
    return r;
}

TEST(router, matches_literal_and_parameter_segments) {
    auto r = sample();
    EXPECT_EQ(call(r, "GET", {}).body, "root");
    EXPECT_EQ(call(r, "GET", {"m", "abc"}).body, "manage abc");
    EXPECT_EQ(call(r, "POST", {"m", "abc", "cancel"}).body, "cancel abc");
}

TEST(router, unknown_path_is_404_and_wrong_method_405_in_the_error_shape) {
    auto r = sample();
    auto missing = call(r, "GET", {"nothing"});
    EXPECT_EQ(missing.status, 404);
    EXPECT_NE(missing.body.find("\"error\":\"not_found\""), std::string::npos);
    EXPECT_EQ(call(r, "DELETE", {"m", "abc"}).status, 405);
}

TEST(router, head_runs_the_get_route_and_405_names_the_allowed_methods) {
    auto r = sample();
    EXPECT_EQ(call(r, "HEAD", {"m", "abc"}).body, "manage abc");  // the HTTP layer drops the body

    auto wrong = call(r, "PUT", {"m", "abc", "cancel"});
    EXPECT_EQ(wrong.status, 405);
    ASSERT_EQ(wrong.headers.size(), 1u);
    EXPECT_EQ(wrong.headers[0], (std::pair<std::string, std::string>{"Allow", "POST"}));
    EXPECT_EQ(call(r, "HEAD", {"m", "abc", "cancel"}).status, 405) << "HEAD goes with GET only";

    r.add("POST", "/m/{}", [](request&, responder respond) { respond(text("post")); });
    auto both = call(r, "DELETE", {"m", "abc"});
    EXPECT_EQ(both.status, 405);
    ASSERT_EQ(both.headers.size(), 1u);
    EXPECT_EQ(both.headers[0].second, "GET, HEAD, POST");
}

TEST(router, a_throwing_handler_gives_500_not_a_crash) {
    auto r = sample();
    auto res = call(r, "GET", {"boom"});
    EXPECT_EQ(res.status, 500);
    EXPECT_NE(res.body.find("\"error\":\"internal\""), std::string::npos);
}

TEST(router, a_handler_that_never_answers_still_produces_an_answer) {
    auto r = sample();
    EXPECT_EQ(call(r, "GET", {"silent"}).status, 500);
}

TEST(router, empty_parameter_segment_does_not_match) {
    auto r = sample();
    EXPECT_EQ(call(r, "GET", {"m", ""}).status, 404);
}

}  // namespace
}  // namespace colloq::api
