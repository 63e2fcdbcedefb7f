#include <gtest/gtest.h>

#include "colloq/mail/late_list.hpp"

namespace colloq::mail {
namespace {

TEST(late_list, a_registration_in_the_freezes_millisecond_was_made_before_the_list_was_sent) {
    const char* sent = "2026-12-07T19:15:57.956Z";
    EXPECT_FALSE(registered_after_list("2026-12-07T19:15:57.955Z", sent));
    EXPECT_FALSE(registered_after_list("2026-12-07T19:15:57.956Z", sent));
    EXPECT_TRUE(registered_after_list("2026-12-07T19:15:57.957Z", sent));
    EXPECT_TRUE(registered_after_list("2026-12-07T21:15:58+02:00", sent)) << "offsets are read";
}

TEST(late_list, the_sentence_says_what_happened) {
    EXPECT_NE(late_list_sentence("Sénat", "lundi", true).find("avant votre inscription"), std::string::npos);
    EXPECT_NE(late_list_sentence("Sénat", "lundi", false).find("pas encore confirmée"), std::string::npos);
}

}  // namespace
}  // namespace colloq::mail
