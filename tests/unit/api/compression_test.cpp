#include <zlib.h>

#include <gtest/gtest.h>

#include "colloq/api/compression.hpp"

namespace colloq::api {
namespace {

std::string gunzip(const std::string& data) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : "<not gzip>";
}

TEST(compression, accept_encoding_is_read_with_q_values) {
    EXPECT_TRUE(accepts_gzip("gzip"));
    EXPECT_TRUE(accepts_gzip("gzip, deflate, br, zstd"));
    EXPECT_TRUE(accepts_gzip(" Gzip ; q=0.3"));
    EXPECT_TRUE(accepts_gzip("*"));
    EXPECT_TRUE(accepts_gzip("x-gzip"));
    EXPECT_FALSE(accepts_gzip(""));
    EXPECT_FALSE(accepts_gzip("identity"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0.0"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0, *;q=1"));
    EXPECT_FALSE(accepts_gzip("*;q=0"));
    EXPECT_FALSE(accepts_gzip("gzip;q=2"));
    EXPECT_FALSE(accepts_gzip("gzipped"));
}

TEST(compression, text_is_worth_it_and_compressed_formats_are_not) {
    for (const char* t : {"text/html; charset=utf-8", "text/css; charset=utf-8", "text/javascript; charset=utf-8",
                          "application/json", "image/svg+xml", "application/manifest+json", "text/calendar"})
        EXPECT_TRUE(compressible_type(t)) << t;
    for (const char* t : {"image/png", "application/pdf", "image/x-icon",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "font/woff2"})
        EXPECT_FALSE(compressible_type(t)) << t;
}

TEST(compression, a_large_text_answer_is_compressed_and_a_small_one_left_alone) {
    response big;
    big.body = std::string(4000, 'a');
    big.headers = {{"ETag", "\"abc\""}};
    negotiate_encoding(big, true);
    EXPECT_EQ(gunzip(big.body), std::string(4000, 'a'));
    std::map<std::string, std::string> h(big.headers.begin(), big.headers.end());
    EXPECT_EQ(h["Content-Encoding"], "gzip");
    EXPECT_EQ(h["Vary"], "Accept-Encoding");
    EXPECT_EQ(h["ETag"], "\"abc-gzip\"");

    response refused;
    refused.body = std::string(4000, 'a');
    negotiate_encoding(refused, false);
    EXPECT_EQ(refused.body.size(), 4000u);
    ASSERT_EQ(refused.headers.size(), 1u);
    EXPECT_EQ(refused.headers[0].first, "Vary");

    response small;
    small.body = std::string(1000, 'a');
    negotiate_encoding(small, true);
    EXPECT_EQ(small.body.size(), 1000u);
    EXPECT_TRUE(small.headers.empty());

    response png;
    png.content_type = "image/png";
    png.body = std::string(4000, 'a');
    negotiate_encoding(png, true);
    EXPECT_TRUE(png.headers.empty());
}

}  // namespace
}  // namespace colloq::api
