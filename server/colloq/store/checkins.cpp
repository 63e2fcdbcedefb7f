#include "colloq/store/checkins.hpp"

#include <sodium.h>
#include <soci/soci.h>

#include "colloq/store/registrations.hpp"
#include "colloq/store/single_row.hpp"

namespace colloq::store {

// The statements of a scan, prepared once on the writer's session. SOCI binds the members by
// reference: set them, then execute.
struct checkin_statements {
    // The registration a scan is about.
    long long id = 0;
    std::string event, partner, first_name, last_name, organisation, status, created_at, checked_in_at, door, nonce,
        fingerprint;
    soci::indicator checked_in_ind = soci::i_null, door_ind = soci::i_null, nonce_ind = soci::i_null,
                    fingerprint_ind = soci::i_null;
    // The scan log's row and the check-in.
    long long scan_id = 0, registration_id = 0, staff_id = 0;
    soci::indicator registration_ind = soci::i_null, client_ind = soci::i_null, device_time_ind = soci::i_null;
    std::string client_scan_id, result, scan_door, device, scanned_at, received_at, device_scanned_at;

    soci::statement find;
    soci::statement check_in;
    soci::statement log;

    explicit checkin_statements(soci::session& sql)
        : find((sql.prepare << "SELECT event, partner, first_name, last_name, organisation, status, created_at, "
                               "checked_in_at, checked_in_door, ticket_nonce, ticket_fingerprint FROM registrations "
                               "WHERE id = :id",
                soci::use(id), soci::into(event), soci::into(partner), soci::into(first_name),
                soci::into(last_name), soci::into(organisation), soci::into(status), soci::into(created_at),
                soci::into(checked_in_at, checked_in_ind), soci::into(door, door_ind), soci::into(nonce, nonce_ind),
                soci::into(fingerprint, fingerprint_ind))),
          check_in((sql.prepare << "UPDATE registrations SET checked_in_at = :at, checked_in_door = :door, "
                                   "updated_at = :now WHERE id = :id",
                    soci::use(scanned_at), soci::use(scan_door), soci::use(received_at), soci::use(id))),
          log((sql.prepare << "INSERT INTO scans (id, client_scan_id, registration_id, result, door, device, staff_id, "
                              "scanned_at, received_at, device_scanned_at) "
                              "VALUES (:id, :c, :r, :res, :door, :dev, :s, :at, :now, :device_at)",
               soci::use(scan_id), soci::use(client_scan_id, client_ind), soci::use(registration_id, registration_ind),
               soci::use(result), soci::use(scan_door), soci::use(device), soci::use(staff_id),
               soci::use(scanned_at), soci::use(received_at), soci::use(device_scanned_at, device_time_ind))) {}
};

checkin_statements* prepare_checkin_statements(soci::session& sql) { return new checkin_statements(sql); }

void destroy(checkin_statements* s) { delete s; }

namespace {

// What the door needs of a registration, and the fingerprint of the badge e-mailed for it.
struct door_row {
    domain::registration reg;
    std::optional<std::string> checked_in_door;
    std::string fingerprint;
};

std::optional<door_row> find_door_row(checkin_statements& st, long long id) {
    st.id = id;
    if (!query_single_row(st.find)) return std::nullopt;
    door_row row;
    auto& r = row.reg;
    r.id = id;
    r.event = st.event;
    if (!st.partner.empty()) r.partner = st.partner;
    r.first_name = st.first_name;
    r.last_name = st.last_name;
    r.organisation = st.organisation;
    r.state = domain::status_from(st.status).value_or(domain::status::pending);
    r.created_at = st.created_at;
    if (st.checked_in_ind == soci::i_ok) r.checked_in_at = st.checked_in_at;
    if (st.nonce_ind == soci::i_ok) r.ticket_nonce = st.nonce;
    if (st.door_ind == soci::i_ok) row.checked_in_door = st.door;
    if (st.fingerprint_ind == soci::i_ok) row.fingerprint = st.fingerprint;
    return row;
}

bool same_fingerprint(const std::string& recorded, const std::string& scanned) {
    return !recorded.empty() && recorded.size() == scanned.size() &&
           sodium_memcmp(recorded.data(), scanned.data(), recorded.size()) == 0;
}

void log_scan(write_context& ctx, const scan_request& scan, const std::string& result, const std::string& scanned_at) {
    // The device's own time, kept when the scan was recorded at another.
    bool moved = !scan.device_scanned_at.empty() && scan.device_scanned_at != scanned_at;
    auto& st = ctx.checkins;
    st.scan_id = ++ctx.ids.scan;
    st.registration_id = scan.registration_id.value_or(0);
    st.registration_ind = scan.registration_id ? soci::i_ok : soci::i_null;
    st.client_scan_id = scan.client_scan_id;
    st.client_ind = scan.client_scan_id.empty() ? soci::i_null : soci::i_ok;
    st.result = result;
    st.scan_door = scan.door;
    st.device = scan.device;
    st.staff_id = scan.staff_id;
    st.scanned_at = scanned_at;
    st.received_at = ctx.now;
    st.device_scanned_at = moved ? scan.device_scanned_at : std::string();
    st.device_time_ind = moved ? soci::i_ok : soci::i_null;
    st.log.execute(true);
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
        if (auto row = find_door_row(ctx.checkins, registration)) {
            out.reg = row->reg;
            out.checked_in_at = row->reg.checked_in_at;
            out.checked_in_door = row->checked_in_door;
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
    auto row = find_door_row(ctx.checkins, *scan.registration_id);
    // The badge e-mailed for this registration is recognised by its fingerprint; any other
    // ticket goes back to have its signature checked, and nothing is written for it yet.
    if (!scan.unchecked_ticket.empty() && !(row && same_fingerprint(row->fingerprint, scan.ticket_fingerprint)))
        return scan_outcome{unchecked, std::nullopt, std::nullopt, std::nullopt};
    if (!row || row->reg.event != ctx.cfg.event.slug) return finish("invalid");
    const auto& reg = row->reg;
    out.reg = reg;
    // No scan backdates an arrival: one dated before its registration existed is recorded at the
    // time it reached the server (a device's clock far ahead is brought back by the route).
    if (!scan.scanned_at.empty() && scanned_at < reg.created_at) scanned_at = ctx.now;
    if (reg.state == domain::status::cancelled) return finish("cancelled");
    // A badge replaced by a newer one (after a correction) no longer opens the door.
    if (!scan.ticket_nonce.empty() && scan.ticket_nonce != reg.ticket_nonce) return finish("invalid");
    if (reg.state != domain::status::confirmed) return finish("not_confirmed");

    // A scan made online never displaces a recorded check-in: whichever server took the write
    // lock first has answered `ok` already (the group's time was read before the lock).
    bool online = scan.scanned_at.empty();
    if (reg.checked_in_at && (online || *reg.checked_in_at <= scanned_at)) {
        out.checked_in_at = reg.checked_in_at;
        out.checked_in_door = row->checked_in_door;
        return finish("already_checked_in");
    }
    // First scan, or an offline scan made before the one already recorded: the earliest wins.
    auto& st = ctx.checkins;
    st.id = reg.id;
    st.scanned_at = scanned_at;
    st.scan_door = scan.door;
    st.received_at = ctx.now;
    st.check_in.execute(true);
    if (!reg.checked_in_at) ++ctx.tally.checked_in;
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
