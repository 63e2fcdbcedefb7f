#pragma once
// Who the client is: the peer, or, when the peer is a trusted proxy, the last address in
// X-Forwarded-For that is not a trusted proxy itself. Plain text in, plain text out.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colloq::http {

// An IPv4 or IPv6 address; IPv4 is kept as IPv4-mapped IPv6 (::ffff:1.2.3.4), so that
// "::ffff:1.2.3.4" and "1.2.3.4" are the same client.
struct ip_address {
    std::array<unsigned char, 16> bytes{};

    bool is_v4() const;
    std::string text() const;  // "1.2.3.4" for IPv4 (mapped or not), canonical IPv6 otherwise
    bool operator==(const ip_address&) const = default;
};

// Nothing when the text is not an address. Accepts "[2001:db8::1]" and a port after an
// IPv4 address or a bracketed IPv6 one ("1.2.3.4:5678"), as some proxies write them.
std::optional<ip_address> parse_ip(std::string_view text);

// [server] trusted_proxies: addresses and networks ("10.0.0.0/8", "fd00::/8").
class trusted_proxies {
public:
    trusted_proxies() = default;
    // Throws std::invalid_argument on an entry that is neither (the configuration checked them).
    explicit trusted_proxies(const std::vector<std::string>& entries);

    bool empty() const { return networks_.empty(); }
    bool contains(const ip_address& address) const;

private:
    struct network {
        ip_address base;
        int prefix = 128;  // bits, counted on the 16 bytes
    };
    std::vector<network> networks_;
};

// The client behind `peer`. `forwarded_for` holds every X-Forwarded-For field of the request,
// joined by commas in order. From a peer that is not a trusted proxy it is ignored; from one
// that is, the list is walked from the right past the trusted proxies, and an entry that is
// not an address where the client should be gives the peer back.
std::string client_address(const ip_address& peer, std::string_view forwarded_for, const trusted_proxies& proxies);

}  // namespace colloq::http
