// The calendar entries e-mailed to an attendee, read back by Python's icalendar: a staff
// correction sends the updated event, a cancellation removes it (same UID, higher SEQUENCE).
#include <thread>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace badge_kit;
namespace json = boost::json;
using namespace std::chrono_literals;

// Every text/calendar part of each .eml file, parsed by icalendar: one JSON line per file,
// a list of {method, uid, sequence, status, summary} (one per VEVENT).
constexpr const char* read_calendars = R"py(
import email, json, sys
from email import policy
import icalendar
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        message = email.message_from_binary_file(f, policy=policy.default)
    found = []
    for part in message.walk():
        if part.get_content_type() != 'text/calendar':
            continue
        cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
        for event in cal.walk('VEVENT'):
            found.append({'method': str(cal.get('METHOD')), 'uid': str(event.get('UID')),
                          'sequence': int(event.get('SEQUENCE', -1)), 'status': str(event.get('STATUS')),
                          'summary': str(event.get('SUMMARY')),
                          'content_type_method': part.get_param('method') or ''})
    print(json.dumps(found))
)py";

std::vector<json::array> calendars_in(const server_process& server, const std::vector<std::string>& names) {
    std::vector<std::string> argv{"/usr/bin/python3", "-c", read_calendars};
    for (const auto& n : names) argv.push_back((server.data_dir() / "mail" / n).string());
    run_result r = run_program(argv);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    std::vector<json::array> out;
    std::size_t start = 0;
    for (std::size_t nl; (nl = r.out.find('\n', start)) != std::string::npos; start = nl + 1)
        out.push_back(json::parse(r.out.substr(start, nl - start)).as_array());
    EXPECT_EQ(out.size(), names.size()) << r.out << r.err;
    return out;
}

TEST(calendar, a_correction_updates_the_event_and_a_cancellation_removes_it) {
    server_process server;
    http_client client(server.base_url());
    auto admin = bearer(api_token(server, admin_email));
    auto reg = register_new(client, std::nullopt, "agenda");
    ASSERT_EQ(reg.status, "confirmed") << reg.response.body;
    ASSERT_EQ(wait_for_mail(server, reg.id, "confirmed").size(), 1u);

    // A correction a little later: the new version must carry a higher SEQUENCE.
    std::this_thread::sleep_for(1100ms);
    http_response edit = client.patch_json("/api/registrations/" + reg.id, json::object{{"first_name", "Camilla"}}, admin);
    ASSERT_EQ(edit.status, 200) << edit.body;
    auto confirmations = wait_for_mail(server, reg.id, "confirmed", 2);
    ASSERT_EQ(confirmations.size(), 2u);
    // Cancelled at once: the cancellation still comes after the correction.
    http_response cancel = client.post_json("/api/registrations/" + reg.id + "/cancel", json::object{}, admin);
    ASSERT_EQ(cancel.status, 200) << cancel.body;
    auto cancellations = wait_for_mail(server, reg.id, "cancelled");
    ASSERT_EQ(cancellations.size(), 1u);

    auto calendars = calendars_in(server, {confirmations[0], confirmations[1], cancellations[0]});
    ASSERT_EQ(calendars.size(), 3u);
    for (const auto& c : calendars) ASSERT_EQ(c.size(), 1u) << "one calendar event per e-mail: " << c;
    const auto& invitation = calendars[0][0];
    const auto& correction = calendars[1][0];
    const auto& cancellation = calendars[2][0];
    EXPECT_EQ(str(invitation, "method"), "PUBLISH");
    EXPECT_EQ(str(invitation, "status"), "CONFIRMED");
    EXPECT_EQ(str(invitation, "summary"), event_title);
    ASSERT_NE(str(invitation, "uid"), "None");

    EXPECT_EQ(str(correction, "method"), "PUBLISH");
    EXPECT_EQ(str(correction, "uid"), str(invitation, "uid"));
    EXPECT_GT(num(correction, "sequence"), num(invitation, "sequence"));
    EXPECT_EQ(str(correction, "status"), "CONFIRMED");

    EXPECT_EQ(str(cancellation, "method"), "CANCEL");
    EXPECT_EQ(str(cancellation, "content_type_method"), "CANCEL");
    EXPECT_EQ(str(cancellation, "uid"), str(invitation, "uid"));
    EXPECT_GT(num(cancellation, "sequence"), num(correction, "sequence"));
    EXPECT_EQ(str(cancellation, "status"), "CANCELLED");
    EXPECT_EQ(str(cancellation, "summary"), event_title);
}

}  // namespace
}  // namespace colloq_it
