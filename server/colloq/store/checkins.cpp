#include "colloq/store/checkins.hpp"

#include <soci/soci.h>

#include "colloq/store/registrations.hpp"

namespace colloq::store {

namespace {

void log_scan(write_context& ctx, const scan_request& scan, const std::string& result, const std::string& scanned_at) {
    long long id = ++ctx.ids.scan;
    long long registration = scan.registration_id.value_or(0);
    soci::indicator registration_ind = scan.registration_id ? soci::i_ok : soci::i_null;
    std::string client = scan.client_scan_id;
    soci::indicator client_ind = client.empty() ? soci::i_null : soci::i_ok;
    long long staff = scan.staff_id;
    ctx.sql << "INSERT INTO scans (id, client_scan_id, registration_id, result, door, device, staff_id, "
               "scanned_at, received_at) VALUES (:id, :c, :r, :res, :door, :dev, :s, :at, :now)",
        soci::use(id), soci::use(client, client_ind), soci::use(registration, registration_ind), soci::use(result),
        soci::use(scan.door), soci::use(scan.device), soci::use(staff), soci::use(scanned_at), soci::use(ctx.now);
}

std::optional<std::string> checked_in_door_of(soci::session& sql, long long id) {
    std::string door;
    soci::indicator ind;
    sql << "SELECT checked_in_door FROM registrations WHERE id = :id", soci::use(id), soci::into(door, ind);
    return ind == soci::i_ok ? std::optional(door) : std::nullopt;
}

// A re-upload of an offline scan answers what it answered the first time.
std::optional<scan_outcome> earlier_answer(write_context& ctx, const scan_request& scan) {
    if (scan.client_scan_id.empty()) return std::nullopt;
    std::string result;
    long long registration = 0;
    soci::indicator registration_ind;
    ctx.sql << "SELECT result, registration_id FROM scans WHERE client_scan_id = :c", soci::use(scan.client_scan_id),
        soci::into(result), soci::into(registration, registration_ind);
    if (!ctx.sql.got_data()) return std::nullopt;
    scan_outcome out{result, std::nullopt, std::nullopt, std::nullopt};
    if (registration_ind == soci::i_ok) {
        out.reg = find_registration(ctx.sql, registration);
        if (out.reg) {
            out.checked_in_at = out.reg->checked_in_at;
            out.checked_in_door = checked_in_door_of(ctx.sql, registration);
        }
    }
    return out;
}

}  // namespace

scan_outcome record_scan(write_context& ctx, const scan_request& scan) {
    if (auto earlier = earlier_answer(ctx, scan)) return *earlier;
    std::string scanned_at = scan.scanned_at.empty() ? ctx.now : scan.scanned_at;
    scan_outcome out;
    auto finish = [&](std::string result) {
        out.result = std::move(result);
        log_scan(ctx, scan, out.result, scanned_at);
        return out;
    };
    if (!scan.refused.empty()) return finish(scan.refused);
    if (!scan.registration_id) return finish("invalid");
    auto reg = find_registration(ctx.sql, *scan.registration_id);
    if (!reg || reg->event != ctx.cfg.event.slug) return finish("invalid");
    out.reg = reg;
    if (reg->state == domain::status::cancelled) return finish("cancelled");
    // A badge replaced by a newer one (after a correction) no longer opens the door.
    if (!scan.ticket_nonce.empty() && scan.ticket_nonce != reg->ticket_nonce)
        return finish("invalid");
    if (reg->state != domain::status::confirmed) return finish("not_confirmed");

    long long id = reg->id;
    if (reg->checked_in_at && *reg->checked_in_at <= scanned_at) {
        out.checked_in_at = reg->checked_in_at;
        out.checked_in_door = checked_in_door_of(ctx.sql, id);
        return finish("already_checked_in");
    }
    // First scan, or an offline scan made before the one already recorded: the earliest wins.
    bool first = !reg->checked_in_at;
    ctx.sql << "UPDATE registrations SET checked_in_at = :at, checked_in_door = :door, updated_at = :now "
               "WHERE id = :id",
        soci::use(scanned_at), soci::use(scan.door), soci::use(ctx.now), soci::use(id);
    if (first) ++ctx.tally.checked_in;
    out.reg->checked_in_at = scanned_at;
    out.checked_in_at = scanned_at;
    out.checked_in_door = scan.door;
    return finish("ok");
}

door_list door_list_since(soci::session& sql, const std::string& event, const std::optional<std::string>& since) {
    door_list out;
    std::string after = since.value_or("");
    int everything = since ? 0 : 1;
    door_entry e;
    auto& r = e.reg;
    std::string partner, status, checked_in, door, nonce;
    soci::indicator checked_in_ind, door_ind, nonce_ind;
    soci::statement st =
        (sql.prepare << "SELECT id, first_name, last_name, organisation, partner, status, checked_in_at, "
                        "checked_in_door, ticket_nonce FROM registrations WHERE event = :e AND "
                        "((:all1 = 1 AND status = 'confirmed') OR (:all2 = 0 AND updated_at >= :since)) ORDER BY id",
         soci::use(event), soci::use(everything), soci::use(everything), soci::use(after), soci::into(r.id),
         soci::into(r.first_name), soci::into(r.last_name), soci::into(r.organisation), soci::into(partner),
         soci::into(status), soci::into(checked_in, checked_in_ind), soci::into(door, door_ind),
         soci::into(nonce, nonce_ind));
    st.execute();
    while (st.fetch()) {
        r.partner = partner.empty() ? std::nullopt : std::optional(partner);
        r.state = domain::status_from(status).value_or(domain::status::pending);
        r.checked_in_at = checked_in_ind == soci::i_ok ? std::optional(checked_in) : std::nullopt;
        e.checked_in_door = door_ind == soci::i_ok ? std::optional(door) : std::nullopt;
        r.ticket_nonce = nonce_ind == soci::i_ok ? nonce : std::string();
        out.registrations.push_back(e);
    }
    std::string revoked;
    soci::statement rv = (sql.prepare << "SELECT t.nonce FROM revoked_tickets t JOIN registrations r "
                                         "ON r.id = t.registration_id WHERE r.event = :e AND t.revoked_at >= :since "
                                         "ORDER BY t.revoked_at",
                          soci::use(event), soci::use(after), soci::into(revoked));
    rv.execute();
    while (rv.fetch()) out.revoked.push_back(revoked);
    return out;
}

int count_checked_in(soci::session& sql, const std::string& event) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM registrations WHERE event = :e AND checked_in_at IS NOT NULL", soci::use(event),
        soci::into(n);
    return n;
}

}  // namespace colloq::store
