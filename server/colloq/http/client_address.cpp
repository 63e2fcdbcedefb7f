#include "colloq/http/client_address.hpp"

#include <cstring>
#include <stdexcept>

#include <arpa/inet.h>

namespace colloq::http {

namespace {

constexpr unsigned char v4_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty() || s.size() > 5) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// inet_pton needs a terminated string; an address is never longer than this.
std::optional<ip_address> parse_exact(std::string_view text) {
    char buffer[INET6_ADDRSTRLEN + 1];
    if (text.empty() || text.size() >= sizeof buffer) return std::nullopt;
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    ip_address out;
    unsigned char v4[4];
    if (inet_pton(AF_INET, buffer, v4) == 1) {
        std::memcpy(out.bytes.data(), v4_prefix, 12);
        std::memcpy(out.bytes.data() + 12, v4, 4);
        return out;
    }
    if (inet_pton(AF_INET6, buffer, out.bytes.data()) == 1) return out;
    return std::nullopt;
}

}  // namespace

bool ip_address::is_v4() const { return std::memcmp(bytes.data(), v4_prefix, 12) == 0; }

std::string ip_address::text() const {
    char buffer[INET6_ADDRSTRLEN];
    if (is_v4()) return inet_ntop(AF_INET, bytes.data() + 12, buffer, sizeof buffer);
    return inet_ntop(AF_INET6, bytes.data(), buffer, sizeof buffer);
}

std::optional<ip_address> parse_ip(std::string_view text) {
    text = trimmed(text);
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && !(rest.front() == ':' && all_digits(rest.substr(1)))) return std::nullopt;
        auto address = parse_exact(text.substr(1, close - 1));
        if (!address || address->is_v4()) return std::nullopt;
        return address;
    }
    auto colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
        // One colon: an IPv4 address and its port.
        if (!all_digits(text.substr(colon + 1))) return std::nullopt;
        auto address = parse_exact(text.substr(0, colon));
        if (!address || !address->is_v4()) return std::nullopt;
        return address;
    }
    return parse_exact(text);
}

trusted_proxies::trusted_proxies(const std::vector<std::string>& entries) {
    for (const auto& entry : entries) {
        std::string_view text = entry;
        auto slash = text.find('/');
        auto base = parse_exact(text.substr(0, slash));
        if (!base) throw std::invalid_argument("not an address or a network: " + entry);
        network n{*base, 128};
        if (slash != std::string_view::npos) {
            std::string_view bits = text.substr(slash + 1);
            if (bits.empty() || bits.size() > 3 || !all_digits(bits))
                throw std::invalid_argument("not an address or a network: " + entry);
            int prefix = std::stoi(std::string(bits));
            // An IPv4 network counts its bits after the 96 of the mapped prefix.
            bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
            if (prefix > (v4 ? 32 : 128)) throw std::invalid_argument("not an address or a network: " + entry);
            n.prefix = v4 ? 96 + prefix : prefix;
        }
        networks_.push_back(n);
    }
}

bool trusted_proxies::contains(const ip_address& address) const {
    for (const auto& n : networks_) {
        int whole = n.prefix / 8, rest = n.prefix % 8;
        if (std::memcmp(address.bytes.data(), n.base.bytes.data(), static_cast<std::size_t>(whole)) != 0) continue;
        if (rest != 0) {
            auto mask = static_cast<unsigned char>(0xff << (8 - rest));
            if ((address.bytes[whole] & mask) != (n.base.bytes[whole] & mask)) continue;
        }
        return true;
    }
    return false;
}

std::string client_address(const ip_address& peer, std::string_view forwarded_for, const trusted_proxies& proxies) {
    if (!proxies.contains(peer)) return peer.text();
    std::optional<ip_address> leftmost;
    while (!forwarded_for.empty()) {
        auto comma = forwarded_for.rfind(',');
        std::string_view entry = trimmed(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
        forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
        if (entry.empty()) continue;  // an empty list element means nothing (RFC 9110, 5.6.1)
        auto address = parse_ip(entry);
        if (!address) return peer.text();
        if (!proxies.contains(*address)) return address->text();
        leftmost = address;
    }
    // Every entry a trusted proxy: the first of them is as close to the client as we can tell.
    return leftmost ? leftmost->text() : peer.text();
}

}  // namespace colloq::http
