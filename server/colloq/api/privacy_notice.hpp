#pragma once
// The privacy notice (/confidentialite), built from the configuration so that it says what the
// server does: who answers for the data, the data kept (the questions actually asked), who
// receives it (the partner, the venue's security service with the fields it gets), how long it
// is kept (the real retention period and its date, or until the organiser deletes it). Its
// version, a digest of that text, is recorded with each consent.
#include <string>

#include "colloq/api/templates.hpp"
#include "colloq/config/config.hpp"

namespace colloq::api {

struct privacy_notice {
    std::string html;     // the page's main part
    std::string version;  // 16 hex digits of the SHA-256 of the notice's text
};

privacy_notice make_privacy_notice(const config::config& cfg, const templates& pages);

}  // namespace colloq::api
