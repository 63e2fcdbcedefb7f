#pragma once
// What the mail, badge and door tests share: staff credentials from the command line,
// independent decoding of badges (zbarimg, pdftotext) and an independent check of the
// signed ticket with libsodium, following the layout the README documents.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"

namespace colloq_it::badge_kit {

// Runs a shell command; its stdout (stderr is discarded), and the exit status in `status`.
std::string shell_output(const std::string& command, int* status = nullptr);
std::string shell_quote(const std::string& s);

void write_bytes(const std::filesystem::path& p, const std::string& bytes);
std::string read_bytes(const std::filesystem::path& p);

// The text in the QR code of a PNG, by zbarimg; "" when nothing decodes.
std::string decode_qr(const std::filesystem::path& png);
// The text of a PDF by pdftotext, whitespace runs folded into one space.
std::string pdf_text(const std::filesystem::path& pdf);
// Folds every run of whitespace into one space and trims.
std::string fold_spaces(const std::string& s);
// ASCII letters in lower case, everything else kept.
std::string ascii_lower(std::string s);

// `colloq ... --config C --data D`, checked: a test failure when the exit status is not 0.
run_result colloq_cli(const server_process& server, std::vector<std::string> args);
// The last non-empty line of a command's output, trimmed.
std::string last_line(const std::string& out);

// admin@example.org: the first admin, from the generated configuration's [mail] from.
inline constexpr const char* admin_email = "admin@example.org";
// A new API token for an existing staff account.
std::string api_token(const server_process& server, const std::string& email);
// Creates a staff account and returns an API token for it.
std::string new_staff_token(const server_process& server, const std::string& email, const std::string& role,
                            const std::string& partner = "");

// `colloq keys`.
std::string cli_public_key(const server_process& server);

std::vector<unsigned char> base64url_decode(const std::string& text);
std::optional<std::vector<unsigned char>> base32_decode(const std::string& text);

// The ticket layout of the README, read and checked without the server's code.
struct ticket_check {
    bool well_formed = false;  // 130 base32 characters, 81 bytes
    int version = -1;
    std::array<unsigned char, 4> event_tag{};
    std::uint32_t registration_id = 0;
    std::string nonce_hex;  // the ticket id
    bool signature_valid = false;
};
ticket_check check_ticket(const std::string& text, const std::vector<unsigned char>& public_key);
// The first 4 bytes of SHA-256("colloq-event:" + slug).
std::array<unsigned char, 4> expected_event_tag(const std::string& slug);

// The ticket carried by a confirmed registration's badge.png (zbarimg on the PNG).
std::string ticket_of(http_client& client, const std::string& manage_token, const std::filesystem::path& scratch);

}  // namespace colloq_it::badge_kit
