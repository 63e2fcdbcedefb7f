// Badge files are rendered off the connection threads, once per ticket: two downloads are the
// same bytes, a correction gives a new badge, and the server keeps answering while many render.
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "process_threads.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace badge_kit;
using namespace std::chrono_literals;
namespace json = boost::json;

TEST(badge_rendering, a_badge_is_rendered_once_and_a_correction_renders_a_new_one) {
    server_process server;
    http_client client(server.base_url());
    auto reg = register_new(client, std::nullopt, "rendu");
    ASSERT_EQ(reg.status, "confirmed") << reg.response.body;
    const std::string base = "/m/" + reg.token;

    http_response pdf = client.get(base + "/badge.pdf");
    http_response png = client.get(base + "/badge.png");
    http_response ics = client.get(base + "/event.ics");
    ASSERT_EQ(pdf.status, 200);
    ASSERT_EQ(png.status, 200);
    ASSERT_EQ(ics.status, 200);
    // A PDF made again carries a new creation time, a calendar entry a new stamp: past the
    // second, only a kept file is the same bytes.
    std::this_thread::sleep_for(1100ms);
    EXPECT_TRUE(client.get(base + "/badge.pdf").body == pdf.body) << "the PDF was rendered again";
    EXPECT_TRUE(client.get(base + "/badge.png").body == png.body);
    EXPECT_TRUE(client.get(base + "/event.ics").body == ics.body) << "the calendar entry was made again";

    // A correction re-issues the badge: the kept one must not be served.
    auto admin = bearer(api_token(server, admin_email));
    json::object edit{{"last_name", "Corrigée"}};
    http_response edited = client.patch_json("/api/registrations/" + reg.id, edit, admin);
    ASSERT_EQ(edited.status, 200) << edited.body;
    http_response new_pdf = client.get(base + "/badge.pdf");
    http_response new_png = client.get(base + "/badge.png");
    ASSERT_EQ(new_pdf.status, 200);
    ASSERT_EQ(new_png.status, 200);
    EXPECT_TRUE(new_pdf.body != pdf.body);
    EXPECT_TRUE(new_png.body != png.body) << "the QR still holds the revoked ticket";
    temp_dir scratch;
    write_bytes(scratch.path() / "badge.pdf", new_pdf.body);
    EXPECT_NE(pdf_text(scratch.path() / "badge.pdf").find("Corrigée"), std::string::npos);
    write_bytes(scratch.path() / "badge.png", new_png.body);
    ticket_check c = check_ticket(decode_qr(scratch.path() / "badge.png"), base64url_decode(cli_public_key(server)));
    EXPECT_TRUE(c.signature_valid);
    EXPECT_TRUE(client.get(base + "/badge.pdf").body == new_pdf.body);

    // Cancelled: nothing is served, kept or not.
    ASSERT_EQ(client.post_json("/api/manage/" + reg.token + "/cancel", json::object{}).status, 200);
    EXPECT_EQ(client.get(base + "/badge.pdf").status, 404);
    EXPECT_EQ(client.get(base + "/badge.png").status, 404);
}

TEST(badge_rendering, badges_render_on_their_own_threads_while_the_connection_threads_answer) {
    constexpr int people = 120, clients = 12;
    server_options o;
    o.capacity = people + 10;
    o.server_lines = {"io_threads = 1"};  // one connection thread: a render there would hold every request
    server_process server(o);
    std::vector<std::string> tokens;
    {
        http_client c(server.base_url());
        for (int i = 0; i < people; ++i) {
            auto reg = register_new(c, std::nullopt, "rafale");
            ASSERT_EQ(reg.status, "confirmed") << reg.response.body;
            tokens.push_back(reg.token);
        }
    }
    long long badge_cpu_before = cpu_ticks_of(server.pid(), "colloq-badge");
    long long all_cpu_before = cpu_ticks_of(server.pid(), "");

    std::atomic<bool> rendering{true};
    std::vector<double> latencies;
    int health_errors = 0;
    std::thread watcher([&] {
        http_client c(server.base_url());
        while (rendering) {
            auto start = std::chrono::steady_clock::now();
            if (c.get("/healthz").status != 200) ++health_errors;
            latencies.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            std::this_thread::sleep_for(10ms);
        }
    });
    std::atomic<int> served{0}, refused{0}, failed{0};
    std::vector<std::thread> downloads;
    for (int t = 0; t < clients; ++t)
        downloads.emplace_back([&, t] {
            http_client c(server.base_url());
            for (int i = t; i < people; i += clients) {
                auto r = c.get("/m/" + tokens[i] + "/badge.pdf");
                if (r.status == 200 && r.body.rfind("%PDF-", 0) == 0)
                    ++served;
                else if (r.status == 503)
                    ++refused;  // the render queue is bounded; a client may be asked to come back
                else
                    ++failed;
            }
        });
    for (auto& t : downloads) t.join();
    rendering = false;
    watcher.join();

    EXPECT_EQ(failed.load(), 0);
    EXPECT_GE(served.load(), people * 9 / 10) << refused.load() << " refused";
    EXPECT_EQ(health_errors, 0);
    ASSERT_FALSE(latencies.empty());
    double worst = *std::max_element(latencies.begin(), latencies.end());
    EXPECT_LT(worst, 1.0) << "/healthz waited " << worst << " s while badges rendered";
    // Most of the CPU the burst took was spent on the render threads, not the connection's.
    long long badge_cpu = cpu_ticks_of(server.pid(), "colloq-badge") - badge_cpu_before;
    long long all_cpu = cpu_ticks_of(server.pid(), "") - all_cpu_before;
    EXPECT_GT(badge_cpu * 2, all_cpu) << "render threads: " << badge_cpu << " ticks of " << all_cpu;
}

}  // namespace
}  // namespace colloq_it
