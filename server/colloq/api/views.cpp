#include "colloq/api/views.hpp"

#include "colloq/domain/answers_json.hpp"

namespace colloq::api {

namespace json = boost::json;

boost::json::object registration_json(const domain::registration& r, const store::security_marks& marks) {
    json::object o;
    o["id"] = r.id;
    o["first_name"] = r.first_name;
    o["last_name"] = r.last_name;
    o["email"] = r.email;
    o["organisation"] = r.organisation;
    o["role"] = r.role;
    o["partner"] = r.partner ? json::value(*r.partner) : json::value(nullptr);
    o["status"] = domain::to_string(r.state);
    if (r.state == domain::status::waitlisted && r.waitlist_position > 0) o["waitlist_position"] = r.waitlist_position;
    o["created_at"] = r.created_at;
    o["checked_in_at"] = r.checked_in_at ? json::value(*r.checked_in_at) : json::value(nullptr);
    o["answers"] = domain::answers_to_json(r.answers);
    o["guest"] = r.guest;
    o["erased"] = r.anonymised;
    o["mailings_opt_out"] = r.mailings_opt_out;
    auto on_list = marks.of(r.id);
    o["on_security_list"] = on_list ? json::value(*on_list) : json::value(nullptr);
    return o;
}

}  // namespace colloq::api
