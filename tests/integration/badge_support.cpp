#include "badge_support.hpp"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <sodium.h>

namespace colloq_it::badge_kit {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

std::string shell_output(const std::string& command, int* status) {
    std::string full = command + " 2>/dev/null";
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed: " + command);
    std::string out;
    char buf[8192];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    int rc = pclose(pipe);
    if (status) *status = rc;
    return out;
}

void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string decode_qr(const fs::path& png) {
    std::string out = shell_output("zbarimg --quiet --raw " + shell_quote(png.string()));
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
    return out;
}

std::string fold_spaces(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string pdf_text(const fs::path& pdf) {
    return fold_spaces(shell_output("pdftotext -enc UTF-8 " + shell_quote(pdf.string()) + " -"));
}

run_result colloq_cli(const server_process& server, std::vector<std::string> args) {
    args.insert(args.end(), {"--config", server.config_path().string(), "--data", server.data_dir().string()});
    run_result r = run_colloq(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(r.exit_status, 0) << "colloq " << joined << "\nstdout: " << r.out << "\nstderr: " << r.err;
    return r;
}

std::string last_line(const std::string& out) {
    std::istringstream in(out);
    std::string line, last;
    while (std::getline(in, line)) {
        std::string t = fold_spaces(line);
        if (!t.empty()) last = t;
    }
    auto space = last.rfind(' ');
    return space == std::string::npos ? last : last.substr(space + 1);
}

std::string api_token(const server_process& server, const std::string& email) {
    std::string token = last_line(colloq_cli(server, {"token", "create", "--email", email}).out);
    EXPECT_GE(token.size(), 20u) << "not a token: " << token;
    return token;
}

std::string new_staff_token(const server_process& server, const std::string& email, const std::string& role,
                            const std::string& partner) {
    std::vector<std::string> args{"staff", "add", "--email", email, "--role", role};
    if (!partner.empty()) args.insert(args.end(), {"--partner", partner});
    colloq_cli(server, args);
    return api_token(server, email);
}

std::string cli_public_key(const server_process& server) {
    return last_line(colloq_cli(server, {"keys"}).out);
}

std::vector<unsigned char> base64url_decode(const std::string& text) {
    std::vector<unsigned char> out;
    unsigned int buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '-' || c == '+') v = 62;
        else if (c == '_' || c == '/') v = 63;
        else if (c == '=') break;
        else return {};
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xff));
        }
    }
    return out;
}

std::optional<std::vector<unsigned char>> base32_decode(const std::string& text) {
    std::vector<unsigned char> out;
    unsigned long long buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= '2' && c <= '7') v = c - '2' + 26;
        else return std::nullopt;
        buffer = (buffer << 5) | static_cast<unsigned>(v);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xff));
        }
    }
    return out;
}

std::array<unsigned char, 4> expected_event_tag(const std::string& slug) {
    std::string input = "colloq-event:" + slug;
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    return {hash[0], hash[1], hash[2], hash[3]};
}

ticket_check check_ticket(const std::string& text, const std::vector<unsigned char>& public_key) {
    static const bool ready = sodium_init() >= 0;
    ticket_check c;
    if (!ready || text.size() != 130) return c;
    auto bytes = base32_decode(text);
    if (!bytes || bytes->size() != 81) return c;
    const auto& b = *bytes;
    c.well_formed = true;
    c.version = b[0];
    std::memcpy(c.event_tag.data(), &b[1], 4);
    c.registration_id = (std::uint32_t(b[5]) << 24) | (std::uint32_t(b[6]) << 16) | (std::uint32_t(b[7]) << 8) | b[8];
    static const char* hex = "0123456789abcdef";
    for (int i = 9; i < 17; ++i) {
        c.nonce_hex += hex[b[i] >> 4];
        c.nonce_hex += hex[b[i] & 15];
    }
    std::string signed_part = "colloq-ticket-v1";
    signed_part.append(reinterpret_cast<const char*>(b.data()), 17);
    c.signature_valid = public_key.size() == crypto_sign_PUBLICKEYBYTES &&
                        crypto_sign_verify_detached(&b[17], reinterpret_cast<const unsigned char*>(signed_part.data()),
                                                    signed_part.size(), public_key.data()) == 0;
    return c;
}

std::string ticket_of(http_client& client, const std::string& manage_token, const fs::path& scratch) {
    static std::atomic<int> counter{0};
    http_response png = client.get("/m/" + manage_token + "/badge.png");
    EXPECT_EQ(png.status, 200) << png.body;
    if (png.status != 200) return {};
    fs::path file = scratch / ("badge-" + std::to_string(++counter) + ".png");
    write_bytes(file, png.body);
    std::string ticket = decode_qr(file);
    EXPECT_EQ(ticket.size(), 130u) << "zbarimg read \"" << ticket << "\" from the badge";
    return ticket;
}

}  // namespace colloq_it::badge_kit
