// The links in answers, e-mails and calendar files: without a configured public_url they use
// the address `serve` listens on; a configured one that differs is announced at start-up.
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "smtp_sink.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// An iCalendar text with its folded lines joined back.
std::string unfolded(std::string ics) {
    for (std::size_t at; (at = ics.find("\r\n ")) != std::string::npos;) ics.erase(at, 3);
    return ics;
}

std::string file_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The start-up banner, once its list of addresses is printed.
std::string banner_of(const server_process& server) {
    for (int i = 0; i < 100 && !contains(server.stdout_text(), "/door\n"); ++i) std::this_thread::sleep_for(50ms);
    std::this_thread::sleep_for(200ms);  // the line after the list, if any
    return server.stdout_text();
}

TEST(links, without_public_url_they_use_the_address_serve_listens_on) {
    smtp_sink sink;
    std::string text = config_with_smtp({}, sink.url(), 1);
    const std::string line = "public_url = \"http://colloq.test\"\n";
    auto at = text.find(line);
    ASSERT_NE(at, std::string::npos) << text;
    text.erase(at, line.size());
    server_process server(text);
    http_client client(server.base_url());
    const std::string base = server.base_url();  // http://127.0.0.1:PORT, the port it was given
    std::string banner = banner_of(server);
    EXPECT_FALSE(contains(banner, "public_url")) << banner;

    auto reg = register_new(client, std::nullopt, "lien");
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    EXPECT_EQ(reg.manage_url.rfind(base + "/m/", 0), 0u) << reg.manage_url << " does not start with " << base;
    EXPECT_FALSE(contains(reg.response.body, "localhost:8080")) << reg.response.body;

    http_response ics = client.get("/m/" + reg.token + "/event.ics");
    ASSERT_EQ(ics.status, 200) << ics.body;
    EXPECT_TRUE(contains(unfolded(ics.body), "URL:" + reg.manage_url)) << ics.body;

    ASSERT_EQ(sink.wait_for(1, 15s), 1u) << "no e-mail reached the SMTP server";
    temp_dir scratch;
    auto messages = sink.messages(scratch.path());
    ASSERT_EQ(messages.size(), 1u);
    const mail_message& m = messages[0];
    EXPECT_TRUE(contains(m.text, reg.manage_url)) << m.text;
    EXPECT_TRUE(contains(m.html, reg.manage_url)) << m.html;
    EXPECT_FALSE(contains(m.text, "localhost:8080")) << m.text;
    mail_part calendar = m.attachment("colloque.ics");
    ASSERT_FALSE(calendar.saved.empty());
    EXPECT_TRUE(contains(unfolded(file_text(calendar.saved)), "URL:" + reg.manage_url));
}

TEST(links, a_configured_public_url_other_than_the_listen_address_is_announced) {
    server_process server;  // public_url = "http://colloq.test", listening on 127.0.0.1
    http_client client(server.base_url());
    std::string banner = banner_of(server);
    EXPECT_TRUE(contains(banner, "http://colloq.test")) << banner;
    EXPECT_TRUE(contains(banner, "public_url")) << banner;
    auto reg = register_new(client, std::nullopt, "lien-public");
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    EXPECT_EQ(reg.manage_url.rfind("http://colloq.test/m/", 0), 0u) << reg.manage_url;
}

// The column (in characters) where a banner line's value starts: after the label's two spaces.
std::size_t value_column(const std::string& line) {
    auto gap = line.find("  ", 2);
    if (gap == std::string::npos) return 0;  // no column at all
    auto at = line.find_first_not_of(' ', gap);
    std::size_t column = 0;
    for (std::size_t i = 0; i < at; ++i) column += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    return column;
}

TEST(links, every_line_of_the_banner_starts_its_value_in_one_column) {
    server_options options;
    options.partners.push_back({"coop", "Coopérative des cabinets et collaborateurs", std::nullopt, false});
    server_process server(make_config(options));
    first_admin(server);  // the last lines of the banner, on a first start
    std::istringstream banner(server.stdout_text());
    std::string line;
    std::vector<std::string> lines;
    while (std::getline(banner, line))
        if (line.rfind("  ", 0) == 0) lines.push_back(line);
    ASSERT_GE(lines.size(), 9u) << server.stdout_text();  // 1 + 4 partners + 2 pages + links + 2 for the admin
    for (const auto& l : lines) EXPECT_EQ(value_column(l), value_column(lines.front())) << server.stdout_text();
}

}  // namespace
}  // namespace colloq_it
