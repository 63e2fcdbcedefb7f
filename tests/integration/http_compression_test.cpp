// gzip as RFC 9110 says, over a raw socket: pages, scripts, styles and large JSON compressed for
// the clients that accept it, `Vary: Accept-Encoding` whenever that choice was made, an ETag
// per encoding, HEAD alike; small answers, images and streamed exports left alone. And the
// site's icon, linked by every page.
#include <zlib.h>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "raw_socket.hpp"
#include "server_process.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;

// What zlib makes of a gzip member; nullopt when it is not one.
std::optional<std::string> gunzip(const std::string& data) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt;
    std::string out;
    char buffer[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    }
    bool whole = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    if (!whole) return std::nullopt;
    return out;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool varies_on_encoding(const raw_response& r) {
    auto it = r.headers.find("vary");
    return it != r.headers.end() && lower(it->second).find("accept-encoding") != std::string::npos;
}

std::string header(const raw_response& r, const std::string& name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? "" : it->second;
}

class http_compression : public ::testing::Test {
protected:
    server_process server;
    http_client client{server.base_url()};

    raw_response fetch(const std::string& path, const std::string& extra_headers = {},
                       const std::string& method = "GET") {
        raw_socket s(server.port());
        EXPECT_TRUE(s.send_all(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n"));
        auto r = s.read_response(10s, method == "HEAD");
        EXPECT_TRUE(r) << "no answer to " << method << " " << path;
        return r.value_or(raw_response{});
    }
    raw_response fetch_gzip(const std::string& path, const std::string& extra_headers = {}) {
        return fetch(path, "Accept-Encoding: gzip, deflate, br\r\n" + extra_headers);
    }
};

// Pages made per request, the static pages, scripts and styles.
const char* const text_answers[] = {"/", "/confidentialite", "/nulle-part", "/door", "/staff",
                                    "/static/door.js", "/static/base.css", "/static/colloq.css", "/door-sw.js"};

TEST_F(http_compression, text_answers_are_gzipped_when_accepted_and_unpack_to_the_same_bytes) {
    for (const char* path : text_answers) {
        SCOPED_TRACE(path);
        raw_response plain = fetch(path);
        raw_response packed = fetch_gzip(path);
        ASSERT_GE(plain.body.size(), 1024u) << "too small to be compressed: the test needs another path";
        EXPECT_EQ(header(plain, "content-encoding"), "");
        EXPECT_TRUE(varies_on_encoding(plain)) << "a cache would hand this to a client that accepts gzip";
        EXPECT_EQ(packed.status, plain.status);
        EXPECT_EQ(header(packed, "content-encoding"), "gzip");
        EXPECT_TRUE(varies_on_encoding(packed));
        EXPECT_EQ(header(packed, "content-type"), header(plain, "content-type"));
        EXPECT_EQ(header(packed, "content-length"), std::to_string(packed.body.size()));
        EXPECT_LT(packed.body.size() * 2, plain.body.size()) << "text should shrink to less than half";
        auto unpacked = gunzip(packed.body);
        ASSERT_TRUE(unpacked) << "not a gzip member";
        EXPECT_EQ(*unpacked, plain.body);
    }
}

TEST_F(http_compression, accept_encoding_is_read_with_its_q_values) {
    struct {
        const char* accept;
        bool gzip;
    } cases[] = {
        {nullptr, false},
        {"", false},
        {"identity", false},
        {"br", false},
        {"gzip;q=0", false},
        {"gzip; q=0.000, deflate", false},
        {"gzip;q=0, *", false},  // refused by name, whatever "*" says
        {"*;q=0", false},
        {"gzip;q=abc", false},
        {"gzip", true},
        {"GZIP;Q=0.5", true},
        {"deflate, gzip;q=0.001", true},
        {"x-gzip", true},
        {"*", true},
        {"br;q=1.0, *;q=0.1", true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.accept ? c.accept : "(no Accept-Encoding)");
        raw_response r = fetch("/static/door.js", c.accept ? std::string("Accept-Encoding: ") + c.accept + "\r\n" : "");
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(header(r, "content-encoding"), c.gzip ? "gzip" : "");
        EXPECT_TRUE(varies_on_encoding(r));
        // Dynamic pages decide the same way.
        raw_response page = fetch("/", c.accept ? std::string("Accept-Encoding: ") + c.accept + "\r\n" : "");
        EXPECT_EQ(header(page, "content-encoding"), c.gzip ? "gzip" : "");
    }
    // Over two header lines, the list is one.
    raw_response two = fetch("/static/door.js", "Accept-Encoding: br\r\nAccept-Encoding: gzip\r\n");
    EXPECT_EQ(header(two, "content-encoding"), "gzip");
}

TEST_F(http_compression, head_gives_the_headers_of_the_compressed_get) {
    for (const char* path : {"/static/door.js", "/", "/door"}) {
        SCOPED_TRACE(path);
        raw_response get = fetch_gzip(path);
        raw_response head = fetch(path, "Accept-Encoding: gzip\r\n", "HEAD");
        EXPECT_EQ(head.status, 200);
        EXPECT_EQ(header(head, "content-encoding"), "gzip");
        EXPECT_TRUE(varies_on_encoding(head));
        EXPECT_EQ(header(head, "content-length"), std::to_string(get.body.size()));
        EXPECT_EQ(head.body, "");
        EXPECT_EQ(header(head, "etag"), header(get, "etag"));
    }
}

TEST_F(http_compression, each_encoding_has_its_own_etag_and_revalidates_alone) {
    raw_response plain = fetch("/static/door.js");
    raw_response packed = fetch_gzip("/static/door.js");
    std::string plain_tag = header(plain, "etag"), packed_tag = header(packed, "etag");
    ASSERT_FALSE(plain_tag.empty());
    ASSERT_FALSE(packed_tag.empty());
    EXPECT_NE(plain_tag, packed_tag) << "two different byte sequences under one strong ETag";

    raw_response same = fetch_gzip("/static/door.js", "If-None-Match: " + packed_tag + "\r\n");
    EXPECT_EQ(same.status, 304);
    EXPECT_EQ(header(same, "etag"), packed_tag);
    EXPECT_TRUE(varies_on_encoding(same));
    EXPECT_EQ(same.body, "");

    // The identity copy's tag does not validate the gzip one, and the other way round.
    raw_response other = fetch_gzip("/static/door.js", "If-None-Match: " + plain_tag + "\r\n");
    EXPECT_EQ(other.status, 200);
    EXPECT_EQ(header(other, "content-encoding"), "gzip");
    EXPECT_EQ(gunzip(other.body).value_or(""), plain.body);
    EXPECT_EQ(fetch("/static/door.js", "If-None-Match: " + packed_tag + "\r\n").status, 200);
    EXPECT_EQ(fetch("/static/door.js", "If-None-Match: " + plain_tag + "\r\n").status, 304);
    // A list, and a weak tag, as browsers send them.
    EXPECT_EQ(fetch_gzip("/static/door.js", "If-None-Match: \"autre\", W/" + packed_tag + "\r\n").status, 304);
    // The door page, revalidated on every visit, too.
    raw_response door = fetch_gzip("/door");
    EXPECT_EQ(fetch_gzip("/door", "If-None-Match: " + header(door, "etag") + "\r\n").status, 304);
}

TEST_F(http_compression, small_answers_images_and_streamed_exports_are_not_compressed) {
    raw_response event = fetch_gzip("/api/event");
    EXPECT_EQ(event.status, 200);
    ASSERT_LT(event.body.size(), 1024u) << "the test needs a JSON answer under 1 KB";
    EXPECT_EQ(header(event, "content-encoding"), "");
    EXPECT_FALSE(varies_on_encoding(event)) << "under 1 KB, no client ever gets it compressed";
    EXPECT_EQ(header(fetch_gzip("/healthz"), "content-encoding"), "");

    raw_response icon = fetch_gzip("/favicon.ico");
    EXPECT_EQ(icon.status, 200);
    EXPECT_EQ(header(icon, "content-encoding"), "");

    std::string token = staff_token(server, "admin-gzip@example.org", "admin");
    for (int i = 0; i < 3; ++i) register_new(client);
    raw_response csv = fetch_gzip("/api/exports/registrations.csv", "Authorization: Bearer " + token + "\r\n");
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(header(csv, "transfer-encoding"), "chunked");
    EXPECT_EQ(header(csv, "content-encoding"), "");
}

TEST_F(http_compression, json_over_1_kb_is_compressed) {
    std::string token = staff_token(server, "admin-gzip@example.org", "admin");
    for (int i = 0; i < 12; ++i) register_new(client);
    std::string auth = "Authorization: Bearer " + token + "\r\n";
    raw_response plain = fetch("/api/registrations", auth);
    raw_response packed = fetch_gzip("/api/registrations", auth);
    ASSERT_EQ(plain.status, 200) << plain.body;
    ASSERT_GE(plain.body.size(), 1024u);
    EXPECT_TRUE(varies_on_encoding(plain));
    EXPECT_EQ(header(packed, "content-encoding"), "gzip");
    EXPECT_TRUE(varies_on_encoding(packed));
    auto unpacked = gunzip(packed.body);
    ASSERT_TRUE(unpacked);
    EXPECT_EQ(parse_json(*unpacked), parse_json(plain.body));
}

TEST_F(http_compression, every_page_links_the_icon_and_the_icon_is_served) {
    registered someone = register_new(client);
    for (const std::string& path : std::vector<std::string>{"/", "/p/dextera", "/confidentialite", "/nulle-part", "/door", "/staff",
                                                            std::string("/m/").append(someone.token)}) {
        SCOPED_TRACE(path);
        raw_response page = fetch(path);
        EXPECT_NE(header(page, "content-type").find("text/html"), std::string::npos);
        EXPECT_NE(page.body.find("<link rel=\"icon\" href=\"/favicon.ico\""), std::string::npos);
        EXPECT_NE(page.body.find("<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">"),
                  std::string::npos);
    }
    raw_response ico = fetch("/favicon.ico");
    EXPECT_EQ(ico.status, 200);
    EXPECT_EQ(header(ico, "content-type").rfind("image/", 0), 0u) << header(ico, "content-type");
    ASSERT_GE(ico.body.size(), 6u);
    EXPECT_EQ(ico.body.substr(0, 4), std::string("\0\0\1\0", 4)) << "not an ICO file";
    std::string cache = header(ico, "cache-control");
    auto max_age = cache.find("max-age=");
    ASSERT_NE(max_age, std::string::npos) << cache;
    EXPECT_GE(std::stol(cache.substr(max_age + 8)), 7 * 24 * 3600) << cache;
    raw_response svg = fetch("/static/icon.svg");
    EXPECT_EQ(svg.status, 200);
    EXPECT_EQ(header(svg, "content-type"), "image/svg+xml");
    EXPECT_NE(svg.body.find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace colloq_it
