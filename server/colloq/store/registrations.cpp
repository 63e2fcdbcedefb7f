#include "colloq/store/registrations.hpp"

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/collation.hpp"
#include "colloq/domain/text.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/domain/answers_json.hpp"
#include "colloq/domain/validation.hpp"
#include "colloq/store/single_row.hpp"
#include "colloq/store/staff.hpp"
#include "colloq/store/store.hpp"

namespace colloq::store {

namespace {

constexpr const char* registration_columns =
    "id, event, partner, first_name, last_name, email, organisation, role, status, "
    "created_at, updated_at, checked_in_at, ticket_nonce, answers, guest, "
    "COALESCE(consent_at, ''), COALESCE(consent_version, ''), "
    "CASE WHEN anonymised_at IS NULL THEN 0 ELSE 1 END, mailings_opt_out";

int cap_of(const config::config& cfg, const std::string& partner) {
    if (partner.empty()) return cfg.event.capacity;
    const auto* p = cfg.find_partner(partner);
    return p && p->quota ? *p->quota : INT_MAX;
}

}  // namespace

// The statements of the registration path, prepared once on the writer's session.
// SOCI binds the members by reference: set them, then execute.
struct statements {
    std::string event, partner, email_norm;
    long long id = 0, found_id = 0;
    int cap = 0;
    domain::registration row;
    std::string status_text, token_hash, created_at, kind, manage_token, search, resend_since, answers, consent_version;
    long long link_id = 0, outbox_id = 0;
    int guest = 0;

    soci::statement find_live;
    soci::statement take_seat;
    soci::statement insert_registration;
    soci::statement insert_link;
    soci::statement insert_outbox;
    soci::statement claim_resend;

    explicit statements(soci::session& sql)
        : find_live((sql.prepare << "SELECT id FROM registrations WHERE event = :event AND "
                                    "email_norm = :email AND status <> 'cancelled'",
                     soci::use(event), soci::use(email_norm), soci::into(found_id))),
          take_seat((sql.prepare << "UPDATE seat_counters SET confirmed = confirmed + 1 "
                                    "WHERE event = :event AND partner = :partner AND confirmed < :cap",
                     soci::use(event), soci::use(partner), soci::use(cap))),
          insert_registration(
              (sql.prepare << "INSERT INTO registrations (id, event, partner, first_name, last_name, "
                              "email, email_norm, organisation, role, status, created_at, updated_at, "
                              "ticket_nonce, search_key, answers, guest, consent_at, consent_version) VALUES (:id, "
                              ":event, :partner, :first, :last, :email, :norm, :org, :role, :status, :created, "
                              ":updated, :nonce, :search, :answers, :guest, :consent_at, :consent_version) "
                              // The live registrations' unique index (001_registrations.sql).
                              "ON CONFLICT (event, email_norm) WHERE status <> 'cancelled' DO NOTHING",
               soci::use(id), soci::use(event), soci::use(partner), soci::use(row.first_name),
               soci::use(row.last_name), soci::use(row.email), soci::use(email_norm),
               soci::use(row.organisation), soci::use(row.role), soci::use(status_text),
               soci::use(created_at), soci::use(created_at), soci::use(row.ticket_nonce), soci::use(search),
               soci::use(answers), soci::use(guest), soci::use(created_at), soci::use(consent_version))),
          insert_link((sql.prepare << "INSERT INTO manage_links (id, registration_id, token_hash, created_at) "
                                      "VALUES (:link, :id, :hash, :created)",
                       soci::use(link_id), soci::use(id), soci::use(token_hash), soci::use(created_at))),
          insert_outbox((sql.prepare << "INSERT INTO outbox (id, registration_id, kind, manage_token, "
                                        "created_at, next_attempt_at) VALUES (:oid, :id, :kind, "
                                        ":token, :created, :due)",
                         soci::use(outbox_id), soci::use(id), soci::use(kind), soci::use(manage_token),
                         soci::use(created_at), soci::use(created_at))),
          claim_resend((sql.prepare << "UPDATE registrations SET already_registered_at = :now WHERE id = :id "
                                       "AND (already_registered_at IS NULL OR already_registered_at <= :since)",
                        soci::use(created_at), soci::use(id), soci::use(resend_since))) {}
};

statements* prepare_statements(soci::session& sql) { return new statements(sql); }

void destroy(statements* s) { delete s; }

// Takes one seat of the event, and of the partner when there is one; false when either is full.
bool take_seat(write_context& ctx, const std::optional<std::string>& partner) {
    if (!ctx.tally.seats.fits(partner)) return false;
    auto& st = ctx.prepared;
    st.event = ctx.cfg.event.slug;
    st.partner.clear();
    st.cap = ctx.cfg.event.capacity;
    st.take_seat.execute(true);
    if (st.take_seat.get_affected_rows() != 1) return false;
    if (partner) {
        st.partner = *partner;
        st.cap = cap_of(ctx.cfg, *partner);
        st.take_seat.execute(true);
        if (st.take_seat.get_affected_rows() != 1) {
            // The event seat was taken above: give it back inside the same transaction.
            std::string event = ctx.cfg.event.slug;
            ctx.sql << "UPDATE seat_counters SET confirmed = confirmed - 1 WHERE event = :e AND partner = ''",
                soci::use(event);
            return false;
        }
    }
    ctx.tally.seats.take(partner);
    return true;
}

void release_seat(write_context& ctx, const std::optional<std::string>& partner) {
    std::string event = ctx.cfg.event.slug;
    for (std::string scope : {std::string(), partner.value_or(std::string())}) {
        ctx.sql << "UPDATE seat_counters SET confirmed = confirmed - 1 "
                   "WHERE event = :e AND partner = :p AND confirmed > 0",
            soci::use(event), soci::use(scope);
        if (!partner) break;
    }
    ctx.tally.seats.release(partner);
}

// Makes a new private link for the registration and, unless told not to, queues an email of
// `kind` with it.
std::string add_link_and_email(write_context& ctx, long long registration_id, const std::string& kind,
                               std::string secret, bool send) {
    auto& st = ctx.prepared;
    st.id = registration_id;
    st.link_id = ++ctx.ids.link;
    if (secret.empty()) secret = crypto::random_token(32);
    std::string token = std::to_string(st.link_id) + "." + secret;
    st.token_hash = crypto::hash_token(token);
    st.created_at = ctx.now;
    st.insert_link.execute(true);
    if (!send) return token;
    st.outbox_id = ++ctx.ids.outbox;
    st.kind = kind;
    st.manage_token = token;
    st.insert_outbox.execute(true);
    return token;
}

void note_answered_questions(soci::session& sql, const domain::answer_map& answers) {
    for (const auto& [id, answer] : answers) {
        std::string question = id;
        sql << "INSERT INTO answered_questions (id) VALUES (:id) ON CONFLICT (id) DO NOTHING", soci::use(question);
    }
}

std::vector<std::string> answered_question_ids(soci::session& sql) {
    std::vector<std::string> out;
    std::string id;
    soci::statement st = (sql.prepare << "SELECT id FROM answered_questions ORDER BY id", soci::into(id));
    st.execute();
    while (st.fetch()) out.push_back(id);
    return out;
}

// Door devices working offline learn from this table that the badge no longer opens the door.
void revoke_ticket(write_context& ctx, const domain::registration& r) {
    if (r.ticket_nonce.empty()) return;
    std::string nonce = r.ticket_nonce;
    long long id = r.id;
    // A ticket already revoked (a cancelled registration corrected, say) stays revoked as it was.
    ctx.sql << "INSERT INTO revoked_tickets (nonce, registration_id, revoked_at) VALUES (:n, :id, :t) "
               "ON CONFLICT (nonce) DO NOTHING",
        soci::use(nonce), soci::use(id), soci::use(ctx.now);
}

void count_status(domain::tally& t, domain::status s, int delta) {
    switch (s) {
        case domain::status::waitlisted: t.waitlisted += delta; break;
        case domain::status::pending: t.pending += delta; break;
        case domain::status::cancelled: t.cancelled += delta; break;
        case domain::status::confirmed: break;  // the seat book counts these
    }
}

new_registration prepare_registration(domain::applicant a) {
    new_registration n;
    n.email_norm = domain::normalise_email(a.email);
    n.search_key = search_key_for(a.last_name, a.first_name, a.email, a.organisation);
    n.link_secret = crypto::random_token(32);
    n.ticket_nonce = crypto::random_hex(8);
    n.applicant = std::move(a);
    return n;
}

namespace {

// A new private link for the live registration with this address, and an e-mail that sends it;
// nothing when one was sent less than [limits] resend_interval ago (the time is in the row, so
// it holds across restarts and instances).
added already_registered(write_context& ctx, const new_registration& n) {
    auto& st = ctx.prepared;
    st.event = ctx.cfg.event.slug;
    st.email_norm = n.email_norm;
    if (!query_single_row(st.find_live)) throw std::runtime_error("registration neither written nor found");
    added out;
    out.already_registered = true;
    out.reg.id = st.found_id;
    if (!n.send_email) return out;
    auto now = domain::parse_rfc3339(ctx.now);
    if (!now) throw std::runtime_error("the writer's time is not RFC 3339: " + ctx.now);
    st.id = st.found_id;
    st.created_at = ctx.now;
    st.resend_since = domain::format_utc(now->utc - ctx.cfg.limits.resend_interval);
    st.claim_resend.execute(true);
    if (st.claim_resend.get_affected_rows() != 1) return out;  // e-mailed recently
    out.manage_token = add_link_and_email(ctx, st.found_id, "already_registered", n.link_secret);
    return out;
}

}  // namespace

added add_registration(write_context& ctx, const new_registration& n) {
    const domain::applicant& a = n.applicant;
    auto& st = ctx.prepared;
    added out;
    const auto* partner = a.partner ? ctx.cfg.find_partner(*a.partner) : nullptr;
    domain::status status;
    if (n.guest) {
        // A guest takes a seat of the event (never past its capacity), none of the partner's quota.
        if (!take_seat(ctx, std::nullopt)) {
            out.full = true;
            return out;
        }
        status = domain::status::confirmed;
    } else if (partner && partner->requires_approval) {
        status = domain::status::pending;
    } else if (!n.waitlist_only && take_seat(ctx, a.partner)) {
        status = domain::status::confirmed;
    } else {
        status = domain::status::waitlisted;
    }

    auto& r = st.row;
    r = domain::registration{};
    r.id = st.id = ++ctx.ids.registration;
    r.event = ctx.cfg.event.slug;
    r.partner = a.partner;
    r.first_name = a.first_name;
    r.last_name = a.last_name;
    r.email = a.email;
    r.organisation = a.organisation;
    r.role = a.role;
    r.state = status;
    r.created_at = r.updated_at = ctx.now;
    r.ticket_nonce = n.ticket_nonce;
    r.answers = a.answers;
    r.guest = n.guest;
    st.guest = n.guest ? 1 : 0;
    st.answers = domain::answers_to_column(a.answers);
    st.event = r.event;
    st.partner = a.partner.value_or("");
    st.status_text = std::string(domain::to_string(status));
    st.created_at = ctx.now;
    st.search = n.search_key;
    st.email_norm = n.email_norm;
    st.consent_version = n.consent_version;
    st.insert_registration.execute(true);
    if (st.insert_registration.get_affected_rows() != 1) {
        // The address is already registered: the unique index said so, without a lookup
        // before every insert. Give back what was taken for the row that was not written.
        --ctx.ids.registration;
        if (status == domain::status::confirmed) release_seat(ctx, domain::quota_scope(r));
        return already_registered(ctx, n);
    }
    count_status(ctx.tally, status, +1);
    if (status == domain::status::waitlisted) r.waitlist_position = ctx.tally.waitlisted;
    note_answered_questions(ctx.sql, a.answers);

    if (n.made_by) insert_audit(ctx.sql, ctx.now, n.made_by, n.audit_action, r.id, "");
    out.reg = r;
    out.manage_token = add_link_and_email(ctx, r.id, std::string(domain::to_string(status)), n.link_secret,
                                          n.send_email);
    return out;
}

std::optional<live_match> live_registration(soci::session& sql, const std::string& event, const std::string& email_norm) {
    live_match found;
    sql << "SELECT id, partner FROM registrations WHERE event = :e AND email_norm = :n AND status <> 'cancelled'",
        soci::use(event), soci::use(email_norm), soci::into(found.id), soci::into(found.partner);
    if (!sql.got_data()) return std::nullopt;
    return found;
}

std::vector<long long> promote_waiting(write_context& ctx) {
    std::vector<long long> promoted;
    if (ctx.tally.seats.remaining() == 0 || ctx.tally.waitlisted == 0) return promoted;
    std::vector<long long> ids;
    std::vector<std::optional<std::string>> partners;
    {
        std::string event = ctx.cfg.event.slug;
        long long id = 0;
        std::string partner;
        soci::statement st = (ctx.sql.prepare << "SELECT id, partner FROM registrations WHERE event = :e "
                                                 "AND status = 'waitlisted' ORDER BY id",
                              soci::use(event), soci::into(id), soci::into(partner));
        st.execute();
        while (st.fetch()) {
            ids.push_back(id);
            partners.push_back(partner.empty() ? std::nullopt : std::optional(partner));
        }
    }
    for (std::size_t i : ctx.tally.seats.promotions(partners)) {
        if (!take_seat(ctx, partners[i])) continue;
        long long id = ids[i];
        ctx.sql << "UPDATE registrations SET status = 'confirmed', updated_at = :t WHERE id = :id",
            soci::use(ctx.now), soci::use(id);
        count_status(ctx.tally, domain::status::waitlisted, -1);
        add_link_and_email(ctx, id, "promoted");
        promoted.push_back(id);
    }
    return promoted;
}

cancelled cancel_registration(write_context& ctx, long long id) {
    cancelled out;
    auto found = find_registration(ctx.sql, id);
    if (!found || found->event != ctx.cfg.event.slug) return out;
    out.found = true;
    if (found->state != domain::status::cancelled) {
        ctx.sql << "UPDATE registrations SET status = 'cancelled', updated_at = :t WHERE id = :id",
            soci::use(ctx.now), soci::use(id);
        revoke_ticket(ctx, *found);
        if (found->state == domain::status::confirmed) release_seat(ctx, domain::quota_scope(*found));
        count_status(ctx.tally, found->state, -1);
        count_status(ctx.tally, domain::status::cancelled, +1);
        add_link_and_email(ctx, id, "cancelled");
        found->state = domain::status::cancelled;
        found->updated_at = ctx.now;
        out.promoted = promote_waiting(ctx);
    }
    out.reg = *found;
    return out;
}

// Last name first: ordering by this key sorts by name as a French reader expects (Écolan before Faure).
std::string search_key_for(const std::string& last_name, const std::string& first_name, const std::string& email,
                           const std::string& organisation) {
    return domain::search_key(last_name + " " + first_name + " " + email + " " + organisation);
}

std::string search_key_of(const domain::registration& r) {
    return search_key_for(r.last_name, r.first_name, r.email, r.organisation);
}

void fill_search_keys(soci::session& sql) {
    std::vector<domain::registration> missing;
    {
        domain::registration r;
        soci::statement st = (sql.prepare << "SELECT id, first_name, last_name, email, organisation FROM registrations "
                                             "WHERE search_key IS NULL",
                              soci::into(r.id), soci::into(r.first_name), soci::into(r.last_name), soci::into(r.email),
                              soci::into(r.organisation));
        st.execute();
        while (st.fetch()) missing.push_back(r);
    }
    soci::transaction tx(sql);
    for (const auto& r : missing) {
        std::string key = search_key_of(r);
        long long id = r.id;
        sql << "UPDATE registrations SET search_key = :k WHERE id = :id", soci::use(key), soci::use(id);
    }
    tx.commit();
}

void ensure_seat_counters(soci::session& sql, const config::config& cfg) {
    std::vector<std::string> scopes{""};
    for (const auto& p : cfg.partners) scopes.push_back(p.slug);
    std::string event = cfg.event.slug;
    for (auto& scope : scopes) {
        int exists = 0;
        sql << "SELECT COUNT(*) FROM seat_counters WHERE event = :e AND partner = :p", soci::use(event),
            soci::use(scope), soci::into(exists);
        if (exists) continue;
        // Counted from the registrations, so the counter is right even when first created late.
        sql << "INSERT INTO seat_counters (event, partner, confirmed) "
               "SELECT :e, :p, COUNT(*) FROM registrations WHERE event = :e2 AND status = 'confirmed' "
               "AND (:p2 = '' OR (partner = :p3 AND guest = 0))",
            soci::use(event), soci::use(scope), soci::use(event), soci::use(scope), soci::use(scope);
    }
}

void load_tally(soci::session& sql, const config::config& cfg, domain::tally& tally) {
    std::string event = cfg.event.slug, partner, status;
    int n = 0, guest = 0;
    soci::statement st = (sql.prepare << "SELECT partner, status, guest, COUNT(*) FROM registrations "
                                         "WHERE event = :e GROUP BY partner, status, guest",
                          soci::use(event), soci::into(partner), soci::into(status), soci::into(guest), soci::into(n));
    st.execute();
    while (st.fetch()) {
        auto s = domain::status_from(status);
        if (!s) continue;
        if (*s == domain::status::confirmed) {
            std::optional<std::string> p = partner.empty() || guest ? std::nullopt : std::optional(partner);
            for (int i = 0; i < n; ++i) tally.seats.take(p);
        } else {
            count_status(tally, *s, n);
        }
    }
}

last_ids load_last_ids(soci::session& sql) {
    auto max_of = [&](const char* table) {
        long long id = 0;
        soci::indicator ind;
        sql << "SELECT MAX(id) FROM " << table, soci::into(id, ind);
        return ind == soci::i_ok ? id : 0;
    };
    return {max_of("registrations"), max_of("manage_links"), max_of("outbox"), max_of("scans")};
}

std::optional<long long> registration_for_token(soci::session& sql, const std::string& token) {
    auto dot = token.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 18) return std::nullopt;
    long long link_id = 0;
    for (std::size_t i = 0; i < dot; ++i) {
        if (token[i] < '0' || token[i] > '9') return std::nullopt;
        link_id = link_id * 10 + (token[i] - '0');
    }
    long long registration_id = 0;
    std::string stored_hash;
    sql << "SELECT registration_id, token_hash FROM manage_links WHERE id = :id", soci::use(link_id),
        soci::into(registration_id), soci::into(stored_hash);
    if (!sql.got_data() || !crypto::hashes_equal(stored_hash, crypto::hash_token(token))) return std::nullopt;
    return registration_id;
}

namespace {

// A LIKE pattern that matches `text` anywhere, with its own % and _ taken literally.
std::string contains_pattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

}  // namespace

void for_each_registration(soci::session& sql, const std::string& event, const registration_filter& filter,
                           registration_order order,
                           const std::function<bool(const domain::registration&)>& each) {
    domain::registration r;
    std::string partner, status, checked_in, nonce, answers;
    soci::indicator checked_in_ind, nonce_ind;
    int guest = 0, anonymised = 0, opt_out = 0;
    int any_partner = filter.partner ? 0 : 1, any_status = filter.status ? 0 : 1;
    std::string partner_filter = filter.partner.value_or("");
    std::string status_filter = filter.status ? std::string(domain::to_string(*filter.status)) : "";
    std::string query = domain::trim(filter.query);
    int any_text = query.empty() ? 1 : 0;
    std::string like = contains_pattern(domain::search_key(query));
    soci::statement st =
        (sql.prepare << "SELECT " << registration_columns << " FROM registrations WHERE event = :e "
                        "AND (:ap = 1 OR partner = :p) AND (:as = 1 OR status = :s) "
                        "AND (:aq = 1 OR search_key LIKE :like ESCAPE '\\') ORDER BY id",
         soci::use(event), soci::use(any_partner), soci::use(partner_filter), soci::use(any_status),
         soci::use(status_filter), soci::use(any_text), soci::use(like), soci::into(r.id), soci::into(r.event), soci::into(partner), soci::into(r.first_name),
         soci::into(r.last_name), soci::into(r.email), soci::into(r.organisation), soci::into(r.role),
         soci::into(status), soci::into(r.created_at), soci::into(r.updated_at),
         soci::into(checked_in, checked_in_ind), soci::into(nonce, nonce_ind), soci::into(answers),
         soci::into(guest), soci::into(r.consent_at), soci::into(r.consent_version), soci::into(anonymised), soci::into(opt_out));
    auto complete = [&] {
        r.partner = partner.empty() ? std::nullopt : std::optional(partner);
        r.state = domain::status_from(status).value_or(domain::status::pending);
        r.checked_in_at = checked_in_ind == soci::i_ok ? std::optional(checked_in) : std::nullopt;
        r.ticket_nonce = nonce_ind == soci::i_ok ? nonce : std::string();
        r.answers = domain::answers_from_column(answers);
        r.guest = guest != 0;
        r.anonymised = anonymised != 0;
        r.mailings_opt_out = opt_out != 0;
    };
    if (order == registration_order::arrival) {
        st.execute();
        while (st.fetch()) {
            complete();
            if (!each(r)) break;
        }
        return;
    }

    // By name, the rows are sorted here: neither SQLite nor PostgreSQL (without ICU
    // collations of its own) knows the French order. Only each row's sort key and id
    // are kept (a tenth of the row), then the rows are read again in that order, within
    // one transaction so that both readings see the same rows.
    soci::transaction snapshot(sql);
    const bool by_partner = order == registration_order::partner_then_name;
    std::vector<std::pair<std::string, long long>> keys;
    st.execute();
    while (st.fetch()) {
        // A partner id never holds a NUL byte: the partners sort by id, their people by name.
        std::string key = by_partner ? partner + '\0' : std::string();
        key += domain::name_collation_key(r.last_name, r.first_name);
        keys.emplace_back(std::move(key), r.id);
    }
    std::sort(keys.begin(), keys.end());  // equal names in arrival order
    long long id = 0;
    soci::statement one =
        (sql.prepare << "SELECT " << registration_columns << " FROM registrations WHERE id = :id", soci::use(id),
         soci::into(r.id), soci::into(r.event), soci::into(partner), soci::into(r.first_name),
         soci::into(r.last_name), soci::into(r.email), soci::into(r.organisation), soci::into(r.role),
         soci::into(status), soci::into(r.created_at), soci::into(r.updated_at),
         soci::into(checked_in, checked_in_ind), soci::into(nonce, nonce_ind), soci::into(answers),
         soci::into(guest), soci::into(r.consent_at), soci::into(r.consent_version), soci::into(anonymised), soci::into(opt_out));
    for (const auto& entry : keys) {
        id = entry.second;
        if (!one.execute(true)) continue;
        complete();
        if (!each(r)) break;
    }
    snapshot.commit();
}

std::vector<domain::registration> list_registrations(soci::session& sql, const std::string& event,
                                                     const registration_filter& filter) {
    std::vector<domain::registration> out;
    for_each_registration(sql, event, filter, registration_order::arrival, [&](const domain::registration& r) {
        out.push_back(r);
        return true;
    });
    return out;
}

std::optional<domain::registration> find_registration(soci::session& sql, long long id) {
    domain::registration r;
    std::string partner, status;
    std::string checked_in, nonce, answers;
    soci::indicator checked_in_ind, nonce_ind;
    int guest = 0, anonymised = 0, opt_out = 0;
    sql << "SELECT " << registration_columns << " FROM registrations WHERE id = :id", soci::use(id),
        soci::into(r.id), soci::into(r.event), soci::into(partner), soci::into(r.first_name),
        soci::into(r.last_name), soci::into(r.email), soci::into(r.organisation), soci::into(r.role),
        soci::into(status), soci::into(r.created_at), soci::into(r.updated_at),
        soci::into(checked_in, checked_in_ind), soci::into(nonce, nonce_ind), soci::into(answers), soci::into(guest),
        soci::into(r.consent_at), soci::into(r.consent_version), soci::into(anonymised), soci::into(opt_out);
    if (!sql.got_data()) return std::nullopt;
    r.guest = guest != 0;
    r.anonymised = anonymised != 0;
    r.mailings_opt_out = opt_out != 0;
    r.answers = domain::answers_from_column(answers);
    if (!partner.empty()) r.partner = partner;
    r.state = domain::status_from(status).value_or(domain::status::pending);
    if (checked_in_ind == soci::i_ok) r.checked_in_at = checked_in;
    if (nonce_ind == soci::i_ok) r.ticket_nonce = nonce;
    if (r.state == domain::status::waitlisted) {
        std::string event = r.event;
        sql << "SELECT COUNT(*) FROM registrations WHERE event = :e AND status = 'waitlisted' AND id <= :id",
            soci::use(event), soci::use(id), soci::into(r.waitlist_position);
    }
    return r;
}

}  // namespace colloq::store
