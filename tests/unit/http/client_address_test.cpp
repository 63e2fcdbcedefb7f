#include <gtest/gtest.h>

#include "colloq/http/client_address.hpp"

using colloq::http::client_address;
using colloq::http::ip_address;
using colloq::http::parse_ip;
using colloq::http::trusted_proxies;

namespace {

ip_address ip(const char* text) {
    auto a = parse_ip(text);
    EXPECT_TRUE(a) << text;
    return a.value_or(ip_address{});
}

std::string client(const char* peer, std::string_view xff, const trusted_proxies& proxies) {
    return client_address(ip(peer), xff, proxies);
}

}  // namespace

TEST(client_address, addresses_read_in_their_usual_forms) {
    EXPECT_EQ(ip("1.2.3.4").text(), "1.2.3.4");
    EXPECT_EQ(ip("::ffff:1.2.3.4").text(), "1.2.3.4");
    EXPECT_EQ(ip("::ffff:1.2.3.4"), ip("1.2.3.4"));
    EXPECT_EQ(ip("2001:DB8:0:0::1").text(), "2001:db8::1");
    EXPECT_EQ(ip(" 1.2.3.4 ").text(), "1.2.3.4");
    EXPECT_EQ(ip("1.2.3.4:5678").text(), "1.2.3.4");
    EXPECT_EQ(ip("[2001:db8::1]").text(), "2001:db8::1");
    EXPECT_EQ(ip("[2001:db8::1]:443").text(), "2001:db8::1");
    EXPECT_TRUE(ip("1.2.3.4").is_v4());
    EXPECT_FALSE(ip("::1").is_v4());
    for (const char* bad : {"", "unknown", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4:", "1.2.3.4:x",
                            "[1.2.3.4]", "[::1", "[::1]x", "::1::2", "_hidden", "1.2.3.4 5.6.7.8"})
        EXPECT_FALSE(parse_ip(bad)) << bad;
}

TEST(client_address, networks_match_their_addresses_only) {
    trusted_proxies p({"127.0.0.1", "10.0.0.0/8", "192.168.1.128/25", "fd00::/8", "::1"});
    EXPECT_TRUE(p.contains(ip("127.0.0.1")));
    EXPECT_TRUE(p.contains(ip("::ffff:127.0.0.1")));
    EXPECT_FALSE(p.contains(ip("127.0.0.2")));
    EXPECT_TRUE(p.contains(ip("10.255.0.1")));
    EXPECT_FALSE(p.contains(ip("11.0.0.1")));
    EXPECT_TRUE(p.contains(ip("192.168.1.200")));
    EXPECT_FALSE(p.contains(ip("192.168.1.127")));
    EXPECT_TRUE(p.contains(ip("fdab::1")));
    EXPECT_FALSE(p.contains(ip("fe80::1")));
    EXPECT_TRUE(p.contains(ip("::1")));
    EXPECT_FALSE(p.contains(ip("::2")));
    EXPECT_TRUE(trusted_proxies({"0.0.0.0/0"}).contains(ip("203.0.113.5")));
    EXPECT_FALSE(trusted_proxies({"0.0.0.0/0"}).contains(ip("2001:db8::1")));
    EXPECT_TRUE(trusted_proxies().empty());
    EXPECT_THROW(trusted_proxies({"proxy.local"}), std::invalid_argument);
    EXPECT_THROW(trusted_proxies({"10.0.0.0/33"}), std::invalid_argument);
    EXPECT_THROW(trusted_proxies({"10.0.0.0/"}), std::invalid_argument);
}

TEST(client_address, forwarded_for_is_ignored_from_an_untrusted_peer) {
    trusted_proxies none;
    EXPECT_EQ(client("198.51.100.7", "203.0.113.5", none), "198.51.100.7");
    trusted_proxies p({"127.0.0.1"});
    EXPECT_EQ(client("198.51.100.7", "203.0.113.5", p), "198.51.100.7");
    EXPECT_EQ(client("::ffff:198.51.100.7", "", p), "198.51.100.7");
}

TEST(client_address, from_a_trusted_proxy_the_last_untrusted_entry_is_the_client) {
    trusted_proxies p({"127.0.0.1", "10.0.0.0/8"});
    EXPECT_EQ(client("127.0.0.1", "203.0.113.5", p), "203.0.113.5");
    EXPECT_EQ(client("::ffff:127.0.0.1", "::ffff:203.0.113.5", p), "203.0.113.5");
    // What the client wrote itself comes first; the proxy appends what it saw.
    EXPECT_EQ(client("127.0.0.1", "1.1.1.1, 203.0.113.5", p), "203.0.113.5");
    // Trusted hops are skipped.
    EXPECT_EQ(client("127.0.0.1", "203.0.113.5, 10.1.2.3,127.0.0.1", p), "203.0.113.5");
    EXPECT_EQ(client("127.0.0.1", "2001:DB8::1, 10.0.0.1", p), "2001:db8::1");
    EXPECT_EQ(client("127.0.0.1", "203.0.113.5:4711", p), "203.0.113.5");
    // Empty list elements mean nothing.
    EXPECT_EQ(client("127.0.0.1", " , 203.0.113.5 ,, ", p), "203.0.113.5");
}

TEST(client_address, garbage_where_the_client_should_be_gives_the_peer) {
    trusted_proxies p({"127.0.0.1", "10.0.0.0/8"});
    EXPECT_EQ(client("10.0.0.2", "unknown", p), "10.0.0.2");
    EXPECT_EQ(client("10.0.0.2", "203.0.113.5, garbage", p), "10.0.0.2");
    EXPECT_EQ(client("10.0.0.2", "203.0.113.5, garbage, 10.0.0.1", p), "10.0.0.2");
    // Garbage further left, beyond the client, does not matter.
    EXPECT_EQ(client("10.0.0.2", "garbage, 203.0.113.5", p), "203.0.113.5");
    EXPECT_EQ(client("10.0.0.2", std::string(5000, 'x'), p), "10.0.0.2");
    // No header, or only trusted hops: the peer, or the first hop.
    EXPECT_EQ(client("10.0.0.2", "", p), "10.0.0.2");
    EXPECT_EQ(client("10.0.0.2", "10.0.0.9, 127.0.0.1", p), "10.0.0.9");
}
