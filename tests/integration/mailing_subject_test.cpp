// A mailing's subject goes into every recipient's Subject header: what a mail reader would
// show otherwise than it was typed (a C1 control, an RFC 2047 encoded word such as
// « =?utf-8?B?...?= », which it would decode) is refused, as it is in names, and nothing is stored.
#include <string>

#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

json::object mailing(const std::string& subject) {
    return json::object{{"subject", subject}, {"body", "Bonjour {{prenom}}"}, {"to", json::object{{"status", json::array{"confirmed"}}}}};
}

TEST(mailing_subject, c1_controls_and_encoded_words_are_refused_and_nothing_is_stored) {
    server_process server;
    http_client client(server.base_url());
    auto admin = first_admin(server);
    auto auth = bearer(create_token(server, admin.email));
    register_new(client);
    for (const std::string subject : {"Salle\u0085Bcc: x@example.org", "Salle\u009bchang\u00e9e", "=?utf-8?B?QWRtaW5pc3RyYXRpb24=?=",
                                      "Important : =?utf-8?Q?Votre_compte_est_bloqu=C3=A9?="}) {
        expect_invalid(client.post_json("/api/mailings?dry_run=1", mailing(subject), auth), "subject");
        expect_invalid(client.post_json("/api/mailings", mailing(subject), auth), "subject");
    }
    EXPECT_EQ(client.get("/api/mailings", auth).json().at("mailings").as_array().size(), 0u);
    // A subject that only holds its signs apart is sent as typed.
    auto fine = client.post_json("/api/mailings?dry_run=1", mailing("Quiz : 2 + 2 =? 4"), auth);
    ASSERT_EQ(fine.status, 200) << fine.body;
    EXPECT_EQ(str(fine.json().at("preview"), "subject"), "Quiz : 2 + 2 =? 4");
}

}  // namespace
}  // namespace colloq_it
