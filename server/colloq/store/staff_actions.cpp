#include "colloq/store/staff_actions.hpp"

#include <soci/soci.h>

#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/answers_json.hpp"
#include "colloq/store/registrations.hpp"
#include "colloq/store/staff.hpp"

namespace colloq::store {

namespace {

std::optional<domain::registration> visible(write_context& ctx, long long id, const std::optional<std::string>& scope) {
    auto reg = find_registration(ctx.sql, id);
    if (!reg || reg->event != ctx.cfg.event.slug) return std::nullopt;
    if (scope && reg->partner != scope) return std::nullopt;
    return reg;
}

void set_status(write_context& ctx, domain::registration& r, domain::status to) {
    std::string text(domain::to_string(to));
    ctx.sql << "UPDATE registrations SET status = :s, updated_at = :t WHERE id = :id", soci::use(text),
        soci::use(ctx.now), soci::use(r.id);
    count_status(ctx.tally, r.state, -1);
    count_status(ctx.tally, to, +1);
    r.state = to;
    r.updated_at = ctx.now;
}

const char* name_of(staff_action a) {
    switch (a) {
        case staff_action::approve: return "approve";
        case staff_action::decline: return "decline";
        case staff_action::cancel: return "cancel";
        case staff_action::resend: return "resend";
    }
    return "";
}

}  // namespace

action_outcome act_on_registration(write_context& ctx, long long id, staff_action action, long long staff_id,
                                   const std::optional<std::string>& scope) {
    action_outcome out;
    auto reg = visible(ctx, id, scope);
    // Nothing of an erased person is left to act on: no e-mail, no new private link.
    if (!reg || reg->anonymised) return out;
    out.kind = action_outcome::done;
    auto& r = *reg;
    switch (action) {
        case staff_action::approve:
            if (r.state != domain::status::pending) {
                out.kind = action_outcome::wrong_state;
                break;
            }
            // Approved: a seat if one is free for this partner, else the waiting list.
            set_status(ctx, r, take_seat(ctx, r.partner) ? domain::status::confirmed : domain::status::waitlisted);
            add_link_and_email(ctx, r.id, "approved");
            break;
        case staff_action::decline:
            if (r.state != domain::status::pending) {
                out.kind = action_outcome::wrong_state;
                break;
            }
            set_status(ctx, r, domain::status::cancelled);
            add_link_and_email(ctx, r.id, "declined");
            break;
        case staff_action::cancel:
            if (r.state == domain::status::cancelled) break;
            cancel_registration(ctx, r.id);
            break;
        case staff_action::resend:
            add_link_and_email(ctx, r.id, std::string(domain::to_string(r.state)));
            break;
    }
    if (out.kind == action_outcome::done) {
        insert_audit(ctx.sql, ctx.now, staff_id, name_of(action), r.id, "");
        out.reg = *find_registration(ctx.sql, r.id);
    }
    return out;
}

action_outcome edit_registration(write_context& ctx, long long id, const registration_edit& edit,
                                 long long staff_id, const std::optional<std::string>& scope) {
    action_outcome out;
    auto reg = visible(ctx, id, scope);
    if (!reg) return out;
    // A cancelled registration has no badge to re-issue; an erased one has nothing left to correct.
    if (reg->anonymised || reg->state == domain::status::cancelled) {
        out.kind = reg->anonymised ? action_outcome::erased : action_outcome::wrong_state;
        return out;
    }
    auto r = *reg;
    std::string changed;
    auto apply = [&](const std::optional<std::string>& value, std::string& field, const char* name) {
        if (value && *value != field) {
            field = *value;
            changed += (changed.empty() ? "" : ", ") + std::string(name);
        }
    };
    apply(edit.first_name, r.first_name, "first_name");
    apply(edit.last_name, r.last_name, "last_name");
    apply(edit.organisation, r.organisation, "organisation");
    apply(edit.role, r.role, "role");
    bool badge_changed = !changed.empty();
    for (const auto& [id, a] : edit.answers) {
        auto it = r.answers.find(id);
        bool same = a.values.empty() ? it == r.answers.end() : it != r.answers.end() && it->second.values == a.values;
        if (same) continue;
        if (a.values.empty()) r.answers.erase(id);
        else r.answers[id] = a;
        changed += (changed.empty() ? "" : ", ") + ("answers." + id);
    }
    out.kind = action_outcome::done;
    if (!changed.empty()) {
        std::string answers = domain::answers_to_column(r.answers);
        if (badge_changed) {
            // The badge shows these fields: a new ticket replaces the old one, which is revoked.
            revoke_ticket(ctx, *reg);
            r.ticket_nonce = crypto::random_hex(8);
            std::string search = search_key_of(r);
            ctx.sql << "UPDATE registrations SET first_name = :f, last_name = :l, organisation = :o, role = :r, "
                       "ticket_nonce = :n, ticket_fingerprint = NULL, search_key = :k, answers = :a, updated_at = :t "
                       "WHERE id = :id",
                soci::use(r.first_name), soci::use(r.last_name), soci::use(r.organisation), soci::use(r.role),
                soci::use(r.ticket_nonce), soci::use(search), soci::use(answers), soci::use(ctx.now), soci::use(r.id);
            if (r.state == domain::status::confirmed) add_link_and_email(ctx, r.id, "confirmed");
        } else {
            // Answers are not on the badge: it stays valid.
            ctx.sql << "UPDATE registrations SET answers = :a, updated_at = :t WHERE id = :id", soci::use(answers),
                soci::use(ctx.now), soci::use(r.id);
        }
        note_answered_questions(ctx.sql, r.answers);
        insert_audit(ctx.sql, ctx.now, staff_id, "edit", r.id, changed);
    }
    out.reg = *find_registration(ctx.sql, r.id);
    return out;
}

}  // namespace colloq::store
