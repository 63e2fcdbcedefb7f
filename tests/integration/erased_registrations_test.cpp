// An erased registration stays erased: no staff action brings a private link back, no mailing
// reaches it, its attestation page no longer vouches for it, and it cannot be corrected; a
// cancelled registration cannot be corrected either (it has no badge to re-issue), and the
// server goes on writing after such a refusal.
#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// An event that ended yesterday, with attendance certificates.
server_options ended_with_certificates() {
    server_options o;
    o.starts_at = utc_from_now(-30h);
    o.ends_at = utc_from_now(-26h);
    o.sections_toml = "[after_event]\ncertificate = true\n";
    return o;
}

// The attestation code printed on the certificate PDF.
std::string attestation_code_of(const std::string& pdf, const temp_dir& scratch) {
    auto file = scratch.path() / "attestation.pdf";
    std::ofstream(file, std::ios::binary) << pdf;
    std::string text = badge_kit::pdf_text(file);
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("([0-9]+-[A-Z2-7]+(-[A-Z2-7]+)+)"))) return "";
    return m[1];
}

TEST(erased_registrations, take_no_action_reach_no_audience_and_are_no_longer_attested) {
    server_process server(ended_with_certificates());
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto door = bearer(staff_token(server, "accueil@example.org", "door"));
    auto body = person(unique_email("venue-effacee"));
    body["last_name"] = "Effacée-Vraiment";
    auto came = register_body(client, body);
    ASSERT_EQ(came.status, "confirmed");
    temp_dir scratch;
    ASSERT_EQ(client.post_json("/api/checkin", json::object{{"ticket", badge_kit::ticket_of(client, came.token, scratch.path())}},
                               door).status, 200);
    auto pdf = client.get("/m/" + came.token + "/certificate.pdf");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    std::string code = attestation_code_of(pdf.body, scratch);
    ASSERT_FALSE(code.empty());
    ASSERT_EQ(client.get("/attestation/" + code).status, 200) << "genuine before the erasure";

    ASSERT_EQ(client.post_json("/api/registrations/" + came.id + "/erase", json::object{}, admin).status, 200);

    expect_error(client.post_json("/api/registrations/" + came.id + "/resend", json::object{}, admin), 404, "not_found");
    expect_error(client.post_json("/api/registrations/" + came.id + "/cancel", json::object{}, admin), 404, "not_found");
    auto page = client.get("/attestation/" + code);
    EXPECT_EQ(page.status, 404) << "an erased person's attendance is no longer attested";
    EXPECT_FALSE(text_has(page.body, "authentique"));

    json::object mailing{{"subject", "Les actes du colloque"},
                         {"body", "Bonjour {{prenom}}, voici les actes : {{lien}}"},
                         {"to", json::object{{"status", json::array{"cancelled", "confirmed"}}}}};
    auto dry = client.post_json("/api/mailings?dry_run=1", mailing, admin);
    ASSERT_EQ(dry.status, 200) << dry.body;
    EXPECT_EQ(num(dry.json(), "recipients"), 0) << "nobody is left to write to";
    auto sent = client.post_json("/api/mailings", mailing, admin);
    ASSERT_EQ(sent.status, 202) << sent.body;
    EXPECT_EQ(num(sent.json(), "recipients"), 0);

    auto listed = find_by_id(staff_list(client, admin), came.id);
    EXPECT_TRUE(listed.at("erased") == true) << json::serialize(listed);
    auto corrected = client.patch_json("/api/registrations/" + came.id, json::object{{"last_name", "Revenue"}}, admin);
    expect_error(corrected, 409, "invalid_state");
    EXPECT_TRUE(text_has(str(corrected.json(), "message"), "effacées")) << corrected.body;
    EXPECT_EQ(str(find_by_id(staff_list(client, admin), came.id), "last_name"), "");
}

TEST(erased_registrations, a_cancelled_registration_is_not_corrected_and_the_server_writes_on) {
    server_process server;
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto r = register_new(client, std::nullopt, "annulee-corrigee");
    ASSERT_EQ(client.post_json("/api/registrations/" + r.id + "/cancel", json::object{}, admin).status, 200);

    auto corrected = client.patch_json("/api/registrations/" + r.id, json::object{{"last_name", "Nouveau-Nom"}}, admin);
    expect_error(corrected, 409, "invalid_state");
    EXPECT_TRUE(looks_french(str(corrected.json(), "message"))) << corrected.body;
    auto listed = find_by_id(staff_list(client, admin), r.id);
    EXPECT_NE(str(listed, "last_name"), "Nouveau-Nom") << "nothing changed";
    EXPECT_EQ(str(listed, "status"), "cancelled");

    // Any other field is refused too, and the writer is not left broken.
    expect_error(client.patch_json("/api/registrations/" + r.id, json::object{{"organisation", "Ailleurs"}}, admin), 409,
                 "invalid_state");
    EXPECT_EQ(register_new(client, std::nullopt, "apres-refus").response.status, 201);
}

}  // namespace
}  // namespace colloq_it
