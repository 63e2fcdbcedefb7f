// The HTTP server itself: keep-alive, slow and garbage clients, header limits, static
// files and path traversal, unknown routes, /healthz.
#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "raw_socket.hpp"
#include "server_process.hpp"
#include "server_database.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
namespace json = boost::json;

class http_server : public ::testing::Test {
protected:
    server_process server;
    http_client client{server.base_url()};
};

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void expect_alive(http_client& client) {
    http_response r = client.get("/healthz");
    EXPECT_EQ(r.status, 200) << r.transport_error;
}

TEST_F(http_server, healthz_answers_ok) {
    http_response r = client.get("/healthz");
    EXPECT_EQ(r.status, 200);
    std::string body = r.body;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
    EXPECT_EQ(body, "ok");
}

TEST_F(http_server, an_unknown_api_route_is_404_json) {
    for (const char* path : {"/api/inconnu", "/api/event/extra", "/api/manage"}) {
        SCOPED_TRACE(path);
        expect_error(client.get(path), 404, "not_found");
    }
    expect_error(client.post_json("/api/inconnu", json::object{}), 404, "not_found");
}

TEST_F(http_server, an_unknown_page_is_404_in_french) {
    // A browser asking for a page gets a page (or the JSON error): never a 200 or a 500.
    http_response r = client.get("/nulle-part");
    EXPECT_EQ(r.status, 404);
    if (r.header("content-type").find("application/json") != std::string::npos) {
        expect_error(r, 404, "not_found");
    } else {
        EXPECT_NE(r.header("content-type").find("text/html"), std::string::npos) << r.header("content-type");
        EXPECT_NE(r.body.find("lang=\"fr\""), std::string::npos);
    }
}

TEST_F(http_server, an_unknown_page_is_one_whole_html_response) {
    http_response r = client.get("/nulle-part");
    EXPECT_EQ(r.body.rfind("<!doctype html>", 0), 0u) << r.body.substr(0, 200);
    EXPECT_EQ(r.body.find("HTTP/1.1"), std::string::npos) << "a response inside the body";
}

TEST_F(http_server, characters_a_url_may_not_hold_are_read_as_a_browser_would_encode_them) {
    raw_socket s(server.port());
    // A raw "|" and "^" in a query, bytes of UTF-8 in a path.
    ASSERT_TRUE(s.send_all(get_request("/api/event?x=|^")));
    auto event = s.read_response(5s);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->status, 200) << event->body;
    ASSERT_TRUE(s.send_all(get_request("/p/d\xc3\xa9xtera")));
    auto page = s.read_response(5s);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 404) << "an unknown partner's page";
    // A percent sign that encodes nothing cannot be read: 400 in the contract's shape.
    ASSERT_TRUE(s.send_all(get_request("/api/%zz")));
    auto bad = s.read_response(5s);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    json::value v = parse_json(bad->body);
    EXPECT_EQ(str(v, "error"), "bad_request") << bad->body;
    EXPECT_TRUE(looks_french(str(v, "message"))) << bad->body;
    expect_alive(client);
}

TEST_F(http_server, keep_alive_serves_several_requests_on_one_connection) {
    raw_socket s(server.port());
    ASSERT_TRUE(s.send_all(get_request("/healthz")));
    auto first = s.read_response(5s);
    ASSERT_TRUE(first) << "no first response";
    EXPECT_EQ(first->status, 200);

    ASSERT_TRUE(s.send_all(get_request("/api/event")));
    auto second = s.read_response(5s);
    ASSERT_TRUE(second) << "the connection did not serve a second request";
    EXPECT_EQ(second->status, 200);
    EXPECT_EQ(num(parse_json(second->body), "capacity"), 300);

    // Two requests in one write (pipelined) get two responses, in order.
    ASSERT_TRUE(s.send_all(get_request("/api/event") + get_request("/healthz")));
    auto third = s.read_response(5s);
    auto fourth = s.read_response(5s);
    ASSERT_TRUE(third && fourth) << "pipelined requests were not both answered";
    EXPECT_EQ(third->status, 200);
    EXPECT_EQ(num(parse_json(third->body), "capacity"), 300);
    EXPECT_EQ(fourth->status, 200);
    EXPECT_EQ(fourth->body.substr(0, 2), "ok");

    // "Connection: close" is honoured: one answer, then the server closes.
    ASSERT_TRUE(s.send_all(get_request("/healthz", "Connection: close\r\n")));
    auto last = s.read_response(5s);
    ASSERT_TRUE(last);
    EXPECT_EQ(last->status, 200);
    EXPECT_TRUE(s.read_until_closed(3s).closed);
}

TEST(http_server_timeouts, slow_clients_do_not_hold_up_others_and_time_out) {
    server_options o;
    o.server_lines = {"read_timeout = 2"};
    server_process server(o);
    http_client client(server.base_url());

    std::vector<std::unique_ptr<raw_socket>> slow;
    for (int i = 0; i < 20; ++i) {
        auto s = std::make_unique<raw_socket>(server.port());
        if (i % 2 == 0)
            ASSERT_TRUE(s->send_all("GET /api/event HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: appl"));
        else
            ASSERT_TRUE(s->send_all("POST /api/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"first_name\":"));
        slow.push_back(std::move(s));
    }
    auto sent = clock_type::now();

    // Others are served at once while the slow ones wait.
    for (int i = 0; i < 5; ++i) {
        auto before = clock_type::now();
        http_response r = client.get("/api/event");
        EXPECT_EQ(r.status, 200);
        EXPECT_LT(clock_type::now() - before, 1s) << "a request waited behind slow clients";
    }
    registered r = register_new(client);
    EXPECT_EQ(r.response.status, 201) << r.response.body;
    EXPECT_LT(clock_type::now() - sent, 1500ms);

    // Each slow connection is closed once read_timeout (2 s) has passed, not before.
    for (std::size_t i = 0; i < slow.size(); ++i) {
        SCOPED_TRACE("slow connection " + std::to_string(i));
        auto d = slow[i]->read_until_closed(8s);
        EXPECT_TRUE(d.closed) << "still open " << std::chrono::duration<double>(clock_type::now() - sent).count()
                              << " s after its half request";
        if (i == 0) {
            EXPECT_GE(clock_type::now() - sent, 1500ms) << "closed before the read timeout";
        }
        if (!d.data.empty()) {
            EXPECT_EQ(d.data.rfind("HTTP/1.1 4", 0), 0u) << d.data.substr(0, 200);
        }
    }
    EXPECT_LT(clock_type::now() - sent, 7s);
    expect_alive(client);
    EXPECT_EQ(server_database(server).registrations(), 1);
}

TEST_F(http_server, garbage_closes_that_connection_only) {
    raw_socket keeper(server.port());
    ASSERT_TRUE(keeper.send_all(get_request("/healthz")));
    ASSERT_TRUE(keeper.read_response(5s));

    const std::string garbage[] = {
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),  // a TLS ClientHello
        "GARBAGE\r\n\r\n",
        std::string("\0\0\0\0\xff\xfe\r\n\r\n", 10),
        "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "GET /healthz HTTP/1.1\r\nNo colon here\r\n\r\n",
    };
    for (const auto& bytes : garbage) {
        SCOPED_TRACE(json::serialize(json::value(json::string_view(bytes))));
        raw_socket s(server.port());
        s.send_all(bytes);
        auto before = clock_type::now();
        auto d = s.read_until_closed(5s);
        EXPECT_TRUE(d.closed) << "the connection stayed open after garbage";
        EXPECT_LT(clock_type::now() - before, 5s);
        if (!d.data.empty()) {
            EXPECT_EQ(d.data.rfind("HTTP/1.1 400", 0), 0u) << d.data.substr(0, 200);
        }
        expect_alive(client);
    }
    // The connection opened before is still served.
    ASSERT_TRUE(keeper.send_all(get_request("/healthz")));
    auto again = keeper.read_response(5s);
    ASSERT_TRUE(again) << "a well-behaved connection was dropped";
    EXPECT_EQ(again->status, 200);
}

TEST_F(http_server, headers_over_the_limit_are_refused_and_the_server_stays_up) {
    {
        raw_socket s(server.port());
        s.send_all(get_request("/healthz", "X-Remplissage: " + std::string(10000, 'a') + "\r\n"));
        auto r = s.read_response(5s);
        if (r) {
            EXPECT_EQ(r->status, 431);
            json::value v = parse_json(r->body);
            EXPECT_NE(str(v, "error"), "<missing>") << r->body;
            EXPECT_NE(str(v, "message"), "<missing>") << r->body;
        } else {
            EXPECT_TRUE(s.read_until_closed(5s).closed) << "neither a 431 nor a closed connection";
        }
    }
    // Under the limit is fine.
    http_response fits = client.get("/healthz", {{"X-Remplissage", std::string(6000, 'a')}});
    EXPECT_EQ(fits.status, 200);
    expect_alive(client);
}

TEST_F(http_server, a_declared_body_over_the_limit_is_413_at_once) {
    raw_socket s(server.port());
    ASSERT_TRUE(s.send_all("POST /api/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n"));
    auto r = s.read_response(5s);
    ASSERT_TRUE(r) << "no answer to a request announcing 100 MB";
    EXPECT_EQ(r->status, 413);
    EXPECT_NE(r->headers["content-type"].find("application/json"), std::string::npos);
    json::value v = parse_json(r->body);
    EXPECT_NE(str(v, "error"), "<missing>") << r->body;
    EXPECT_TRUE(looks_french(str(v, "message"))) << r->body;
    expect_alive(client);
}

TEST_F(http_server, static_files_have_their_type_and_a_caching_header) {
    http_response css = client.get("/static/colloq.css");
    ASSERT_EQ(css.status, 200);
    EXPECT_EQ(css.header("content-type").rfind("text/css", 0), 0u) << css.header("content-type");
    bool cached = !css.header("cache-control").empty() || !css.header("etag").empty() ||
                  !css.header("last-modified").empty() || !css.header("expires").empty();
    EXPECT_TRUE(cached) << "no Cache-Control, ETag, Last-Modified or Expires";
    EXPECT_EQ(css.body, file_text(COLLOQ_SOURCE_DIR "/web/static/colloq.css"));

    http_response js = client.get("/static/register.js");
    ASSERT_EQ(js.status, 200);
    EXPECT_NE(js.header("content-type").find("javascript"), std::string::npos) << js.header("content-type");
    EXPECT_EQ(js.body, file_text(COLLOQ_SOURCE_DIR "/web/static/register.js"));

    EXPECT_EQ(client.get("/static/absent.css").status, 404);
}

TEST_F(http_server, head_gives_the_headers_of_get_without_the_body) {
    raw_socket s(server.port());
    const std::string css = file_text(COLLOQ_SOURCE_DIR "/web/static/base.css");
    ASSERT_TRUE(s.send_all("HEAD /static/base.css HTTP/1.1\r\nHost: colloq.test\r\n\r\n"));
    auto head = s.read_response(5s, true);
    ASSERT_TRUE(head) << "no answer to HEAD";
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->headers["content-type"].rfind("text/css", 0), 0u) << head->headers["content-type"];
    EXPECT_EQ(head->headers["content-length"], std::to_string(css.size()));

    ASSERT_TRUE(s.send_all("HEAD /api/event HTTP/1.1\r\nHost: colloq.test\r\n\r\n"));
    auto event = s.read_response(5s, true);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->status, 200);
    EXPECT_NE(event->headers["content-type"].find("application/json"), std::string::npos);

    // No body followed either header: the next answer on the connection starts clean.
    ASSERT_TRUE(s.send_all(get_request("/healthz")));
    auto next = s.read_response(5s);
    ASSERT_TRUE(next) << "the connection was not left at the start of the next answer";
    EXPECT_EQ(next->status, 200);
    EXPECT_EQ(next->body.substr(0, 2), "ok");
}

TEST_F(http_server, a_method_a_route_does_not_take_is_405_with_the_allowed_ones) {
    http_response post = client.post_json("/api/event", json::object{});
    EXPECT_EQ(post.status, 405);
    EXPECT_EQ(str(post.json(), "error"), "method_not_allowed") << post.body;
    EXPECT_TRUE(looks_french(str(post.json(), "message"))) << post.body;
    EXPECT_EQ(post.header("allow"), "GET, HEAD");

    // Registering is POST, the staff list GET: both are allowed on the path.
    http_response del = client.request("DELETE", "/api/registrations", "", {});
    EXPECT_EQ(del.status, 405);
    for (const char* method : {"GET", "HEAD", "POST"})
        EXPECT_NE(del.header("allow").find(method), std::string::npos) << del.header("allow");

    http_response put = client.request("PUT", "/register", "", {});
    EXPECT_EQ(put.status, 405);
    EXPECT_EQ(put.header("allow"), "POST");
}

TEST_F(http_server, path_traversal_never_leaks_a_file) {
    const std::string cmake = file_text(COLLOQ_SOURCE_DIR "/CMakeLists.txt");
    const std::string layout = file_text(COLLOQ_SOURCE_DIR "/web/templates/layout.html");
    ASSERT_FALSE(cmake.empty());
    ASSERT_FALSE(layout.empty());
    for (const char* target : {
             "/static/../CMakeLists.txt",
             "/static/../../CMakeLists.txt",
             "/static/../templates/layout.html",
             "/static/%2e%2e/%2e%2e/CMakeLists.txt",
             "/static/%2E%2E/templates/layout.html",
             "/static/..%2f..%2fCMakeLists.txt",
             "/static/..%2Ftemplates%2Flayout.html",
             "/static/%2e%2e%2f%2e%2e%2fCMakeLists.txt",
             "/static/%252e%252e/%252e%252e/CMakeLists.txt",
             "/static/..\\..\\CMakeLists.txt",
             "/static/....//....//CMakeLists.txt",
             "/static//etc/passwd",
             "/static/%2fetc%2fpasswd",
             "/static/../../../../../../etc/passwd",
             "/static/colloq.css%00.txt",
             "/static/",
             "/static",
         }) {
        SCOPED_TRACE(target);
        raw_socket s(server.port());
        ASSERT_TRUE(s.send_all(get_request(target, "Connection: close\r\n")));
        auto r = s.read_response(5s);
        ASSERT_TRUE(r) << "no answer";
        EXPECT_EQ(r->status, 404) << r->body.substr(0, 200);
        EXPECT_EQ(r->body.find("cmake_minimum_required"), std::string::npos);
        EXPECT_EQ(r->body.find("{{page_title}}"), std::string::npos);
        EXPECT_EQ(r->body.find("root:x:0:0"), std::string::npos);
    }
    expect_alive(client);
}

TEST_F(http_server, the_form_post_redirects_to_the_manage_page) {
    form_fields fields{{"first_name", "Margaux"},         {"last_name", "Le Gall"},
                       {"email", "margaux.legall@quimper.fr"}, {"organisation", "Ville de Quimper"},
                       {"role", "Cheffe de cabinet"},    {"partner", "dircab"},
                       {"consent", "true"}};
    http_response r = client.post_form("/register", fields);
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 300);
    std::string location = r.header("location");
    ASSERT_EQ(location.rfind("/m/", 0), 0u) << location;
    std::string token = token_from(location);
    ASSERT_GE(token.size(), 43u);

    json::value m = client.get("/api/manage/" + token).json();
    EXPECT_EQ(str(m, "status"), "confirmed");
    EXPECT_EQ(str(m, "first_name"), "Margaux");
    EXPECT_EQ(str(m, "partner"), "dircab");

    http_response page = client.get(location);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
    EXPECT_NE(page.body.find("Margaux"), std::string::npos);
    EXPECT_NE(page.body.find("confirmée"), std::string::npos) << "the page does not say the status";
    EXPECT_EQ(server_database(server).registrations(), 1);

    // The same person again: nothing new is stored.
    http_response again = client.post_form("/register", fields);
    EXPECT_NE(again.status, 303);
    EXPECT_EQ(server_database(server).registrations(), 1);
}

TEST_F(http_server, a_bad_form_field_re_renders_the_page_with_422) {
    form_fields fields{{"first_name", "Yannick"},     {"last_name", "Morvan"},
                       {"email", "yannick.morvan@"}, {"organisation", "Mairie de Brest"},
                       {"role", "Directeur général des services"}, {"consent", "true"}};
    http_response r = client.post_form("/register", fields);
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.header("content-type").find("text/html"), std::string::npos) << r.header("content-type");
    EXPECT_NE(r.body.find("<form"), std::string::npos) << "the form is not re-rendered";
    EXPECT_NE(r.body.find("Mairie de Brest"), std::string::npos) << "the typed values are lost";
    EXPECT_NE(r.body.find("e-mail"), std::string::npos) << "no message about the e-mail address";

    form_fields no_consent = fields;
    no_consent[2].second = "yannick.morvan@brest.fr";
    no_consent.pop_back();
    http_response c = client.post_form("/register", no_consent);
    EXPECT_EQ(c.status, 422);
    EXPECT_NE(c.body.find("<form"), std::string::npos);
    EXPECT_NE(c.body.find("yannick.morvan@brest.fr"), std::string::npos);

    // Every fault at once: each under its field, each in the summary.
    form_fields two_faults = fields;
    two_faults[4].second = "";
    two_faults.pop_back();
    http_response both = client.post_form("/register", two_faults);
    EXPECT_EQ(both.status, 422);
    for (const char* field : {"email", "role", "consent"}) {
        EXPECT_NE(both.body.find(std::string("id=\"") + field + "-error\""), std::string::npos) << field;
        EXPECT_NE(both.body.find(std::string("href=\"#") + field + "\""), std::string::npos) << field;
    }
    EXPECT_EQ(both.body.find("id=\"first_name-error\""), std::string::npos) << "a valid field is marked";
    EXPECT_EQ(server_database(server).registrations(), 0);
}

TEST_F(http_server, the_registration_pages_are_french_html_forms) {
    http_response home = client.get("/");
    ASSERT_EQ(home.status, 200);
    EXPECT_NE(home.header("content-type").find("text/html"), std::string::npos);
    EXPECT_NE(home.body.find("lang=\"fr\""), std::string::npos);
    EXPECT_NE(home.body.find("action=\"/register\""), std::string::npos);

    http_response partner = client.get("/p/dircab");
    ASSERT_EQ(partner.status, 200);
    EXPECT_NE(partner.body.find("dircab"), std::string::npos);
}

}  // namespace
}  // namespace colloq_it
