#pragma once
// Erasing a registration (a person's request from their page, or an organiser's for them): the
// store cancels and anonymises it, then what of it lies outside the database goes too: its
// spooled e-mails, and the log's old pages (truncated as soon as no reader holds them).
#include <functional>
#include <string>

#include "colloq/api/services.hpp"

namespace colloq::api {

void erase_by_token(services& s, std::string token, std::function<void(store::erase_reply)> done);
void erase_by_id(services& s, long long id, long long staff_id, std::function<void(store::erase_reply)> done);

}  // namespace colloq::api
