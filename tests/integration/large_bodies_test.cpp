// Invitees' files may pass [server] body_limit (up to 4 MiB), read by a few requests at a
// time. Against the real server: the credential is checked as soon as the headers are read,
// so strangers' slow uploads with made-up Cookie or Authorization headers are answered 401
// and hold no place; places go per account, so one account's slow uploads keep no other
// account's import waiting; and a file within body_limit takes no place at all.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "raw_socket.hpp"
#include "staff_support.hpp"
#include "server_process.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;

constexpr const char* csv_head = "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\n";

// An invitees' file of `lines` people.
std::string invitees(int lines) {
    std::string file = csv_head;
    for (int i = 1; i <= lines; ++i)
        file += "Invité" + std::to_string(i) + ";Camille;invite" + std::to_string(i) +
                "@exemple-collectivite.fr;Communauté de communes;Directrice générale des services\n";
    return file;
}

// A 3 MB upload that sends its headers and the start of its body, then nothing more.
std::unique_ptr<raw_socket> slow_upload(const server_process& server, const std::string& credential_header) {
    auto s = std::make_unique<raw_socket>(server.port());
    s->send_all("POST /api/imports/registrations?dry_run=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n" +
                credential_header + "\r\nContent-Length: 3000000\r\n\r\n" + csv_head);
    return s;
}

http_response import(http_client& client, const std::string& file, const std::string& token) {
    return client.post_raw("/api/imports/registrations?dry_run=1", file, "text/csv", bearer(token));
}

TEST(large_bodies, strangers_slow_uploads_are_refused_at_their_headers_and_hold_no_place) {
    server_process server;
    http_client client(server.base_url());
    std::string admin = create_token(server, first_admin(server).email);
    std::vector<std::unique_ptr<raw_socket>> strangers;
    for (const std::string header : {"Cookie: colloq_session=1.abcdefabcdef", "Authorization: Bearer 2.abcdefabcdef",
                                     "Cookie: colloq_session=nimportequoi", "Authorization: Bearer 3.x"})
        strangers.push_back(slow_upload(server, header));
    for (auto& s : strangers) {
        auto answer = s->read_response(3s);
        ASSERT_TRUE(answer) << "a stranger's upload is still being read";
        EXPECT_EQ(answer->status, 401) << answer->body;
    }
    // With the strangers' connections still open, the admin's large file goes through.
    std::string file = invitees(1500);
    ASSERT_GT(file.size(), 64u * 1024) << "past the usual body limit";
    http_response r = import(client, file, admin);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    EXPECT_EQ(num(r.json(), "created"), 1500);
}

TEST(large_bodies, one_accounts_slow_uploads_keep_no_other_account_waiting) {
    server_process server;
    http_client client(server.base_url());
    std::string admin = create_token(server, first_admin(server).email);
    std::string dextera = staff_token(server, "equipe@dextera.org", "partner", "dextera");
    auto first = slow_upload(server, "Authorization: Bearer " + dextera);
    EXPECT_FALSE(first->read_response(500ms)) << "a genuine account's upload is read";
    // The same account's second large upload waits its turn; others are not held up.
    auto second = slow_upload(server, "Authorization: Bearer " + dextera);
    auto refused = second->read_response(3s);
    ASSERT_TRUE(refused) << "a second large upload of one account took a place";
    EXPECT_EQ(refused->status, 503) << refused->body;
    auto third = slow_upload(server, "Authorization: Bearer " + dextera);
    ASSERT_TRUE(third->read_response(3s));
    http_response r = import(client, invitees(1500), admin);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
}

TEST(large_bodies, a_file_within_body_limit_takes_no_place) {
    server_process server;
    http_client client(server.base_url());
    std::string admin = create_token(server, first_admin(server).email);
    // Four accounts each hold a large upload: every place is taken.
    std::vector<std::unique_ptr<raw_socket>> holding;
    for (const char* partner : {"dextera", "dircab", "coopcab"})
        holding.push_back(slow_upload(
            server, "Authorization: Bearer " + staff_token(server, std::string("equipe@") + partner + ".org", "partner", partner)));
    holding.push_back(slow_upload(server, "Authorization: Bearer " + staff_token(server, "autre@colloque.fr", "admin", "")));
    for (auto& s : holding) EXPECT_FALSE(s->read_response(300ms)) << "a genuine account's upload is read";
    // A small file is read as any request is.
    http_response r = import(client, invitees(3), admin);
    EXPECT_EQ(r.status, 200) << r.body;
    // A large one waits for a place.
    expect_error(import(client, invitees(1500), admin), 503, "unavailable");
}

}  // namespace
}  // namespace colloq_it
