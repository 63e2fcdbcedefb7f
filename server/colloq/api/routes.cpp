#include "colloq/api/privacy_notice.hpp"
#include "colloq/api/services.hpp"

namespace colloq::api {

void add_routes(router& r, services& s) {
    // The notice the public consents to, and its version, recorded with each registration.
    auto notice = make_privacy_notice(s.cfg, s.pages);
    s.privacy_notice_html = std::move(notice.html);
    s.db.set_consent_version(std::move(notice.version));
    add_public_routes(r, s);
    add_page_routes(r, s);
    add_badge_routes(r, s);
    add_staff_routes(r, s);
    add_staff_action_routes(r, s);
    add_door_routes(r, s);
    add_export_routes(r, s);
    add_import_routes(r, s);
    add_security_list_routes(r, s);
    add_mailing_routes(r, s);
    add_privacy_routes(r, s);
    add_metrics_routes(r, s);
}

}  // namespace colloq::api
