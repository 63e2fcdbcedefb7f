#include "colloq/store/security_list.hpp"

#include <algorithm>
#include <map>

#include <boost/json.hpp>
#include <soci/soci.h>

#include "colloq/domain/answers.hpp"
#include "colloq/domain/answers_json.hpp"
#include "colloq/domain/collation.hpp"
#include "colloq/store/registrations.hpp"
#include "colloq/store/store.hpp"

namespace colloq::store {

namespace json = boost::json;

namespace {

std::string to_json(const std::vector<std::string>& values) {
    json::array a;
    for (const auto& v : values) a.emplace_back(v);
    return json::serialize(a);
}

std::vector<std::string> from_json(const std::string& text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& item : v.as_array())
        out.push_back(item.is_string() ? std::string(item.as_string()) : std::string());
    return out;
}

}  // namespace

std::vector<std::string> security_values(const domain::registration& r, const config::config& cfg,
                                         const std::vector<std::string>& columns) {
    std::vector<std::string> out;
    out.reserve(columns.size());
    for (const auto& c : columns) {
        if (c == "last_name") out.push_back(r.last_name);
        else if (c == "first_name") out.push_back(r.first_name);
        else if (c == "email") out.push_back(r.email);
        else if (c == "organisation") out.push_back(r.organisation);
        else if (c == "role") out.push_back(r.role);
        else if (c == "partner") {
            const auto* p = r.partner ? cfg.find_partner(*r.partner) : nullptr;
            out.push_back(p ? p->name : r.partner.value_or(""));
        } else {
            out.push_back(domain::answer_text(r.answers, c, cfg.find_question(c)));
        }
    }
    return out;
}

// One pass over the confirmed rows, reading only what the list shows, each row's sort key made as
// it is read: for 100,000 people, reading every row a second time by id (as the staff lists
// sorted by name do) and keeping whole registrations cost five times what sqlite3 takes.
std::vector<security_entry> current_security_list(soci::session& sql, const config::config& cfg) {
    auto columns = cfg.security_list_columns();
    bool needs_answers = false;
    for (const auto& c : columns) needs_answers = needs_answers || cfg.find_question(c) != nullptr;
    std::vector<security_entry> read;
    std::vector<std::pair<std::string, std::size_t>> keys;  // sort key, index in `read`
    domain::registration r;
    std::string partner, answers, event = cfg.event.slug;
    soci::statement st = (sql.prepare << "SELECT id, partner, first_name, last_name, email, organisation, role, "
                                      << (needs_answers ? "answers" : "''")
                                      << " FROM registrations WHERE event = :e AND status = 'confirmed'",
                          soci::use(event), soci::into(r.id), soci::into(partner), soci::into(r.first_name),
                          soci::into(r.last_name), soci::into(r.email), soci::into(r.organisation),
                          soci::into(r.role), soci::into(answers));
    st.execute();
    while (st.fetch()) {
        r.partner = partner.empty() ? std::nullopt : std::optional(partner);
        if (needs_answers) r.answers = domain::answers_from_column(answers);
        keys.emplace_back(domain::name_collation_key(r.last_name, r.first_name), read.size());
        read.push_back({r.id, security_values(r, cfg, columns)});
    }
    std::sort(keys.begin(), keys.end());  // equal names in the order read
    std::vector<security_entry> out;
    out.reserve(read.size());
    for (const auto& key : keys) out.push_back(std::move(read[key.second]));
    return out;
}

std::optional<security_version> latest_security_version(soci::session& sql) {
    security_version v;
    std::string columns, by;
    soci::indicator by_ind;
    sql << "SELECT v.version, v.frozen_at, v.reason, v.columns, v.entries, s.email FROM security_list_versions v "
           "LEFT JOIN staff s ON s.id = v.frozen_by ORDER BY v.version DESC LIMIT 1",
        soci::into(v.version), soci::into(v.frozen_at), soci::into(v.reason), soci::into(columns),
        soci::into(v.entries), soci::into(by, by_ind);
    if (!sql.got_data()) return std::nullopt;
    v.columns = from_json(columns);
    if (by_ind == soci::i_ok) v.frozen_by = by;
    return v;
}

std::vector<security_entry> security_version_entries(soci::session& sql, int version) {
    std::vector<security_entry> out;
    long long id = 0;
    std::string values;
    soci::statement st = (sql.prepare << "SELECT registration_id, list_values FROM security_list_entries "
                                         "WHERE version = :v ORDER BY position",
                          soci::use(version), soci::into(id), soci::into(values));
    st.execute();
    while (st.fetch()) out.push_back({id, from_json(values)});
    return out;
}

security_changes compare_security_lists(const std::vector<security_entry>& sent,
                                        const std::vector<security_entry>& now) {
    security_changes out;
    std::map<long long, const security_entry*> before;
    for (const auto& e : sent) before[e.registration_id] = &e;
    for (const auto& e : now) {
        auto it = before.find(e.registration_id);
        if (it == before.end()) {
            out.added.push_back(e);
            continue;
        }
        if (it->second->values != e.values) out.changed.emplace_back(*it->second, e);
        before.erase(it);
    }
    for (const auto& e : sent)
        if (before.count(e.registration_id)) out.removed.push_back(e);
    return out;
}

frozen_version freeze_security_version(write_context& ctx, long long staff_id, const std::string& reason) {
    frozen_version out;
    security_version& v = out.version;
    auto previous = latest_security_version(ctx.sql);
    v.version = previous ? previous->version + 1 : 1;
    v.frozen_at = ctx.now;
    v.reason = reason;
    v.columns = ctx.cfg.security_list_columns();
    auto entries = current_security_list(ctx.sql, ctx.cfg);
    v.entries = static_cast<int>(entries.size());
    std::string columns = to_json(v.columns);
    soci::indicator by_ind = staff_id ? soci::i_ok : soci::i_null;
    ctx.sql << "INSERT INTO security_list_versions (version, frozen_at, frozen_by, reason, columns, entries) "
               "VALUES (:v, :at, :by, :reason, :columns, :n)",
        soci::use(v.version), soci::use(v.frozen_at), soci::use(staff_id, by_ind), soci::use(v.reason),
        soci::use(columns), soci::use(v.entries);
    long long id = 0;
    int position = 0;
    std::string values;
    soci::statement insert = (ctx.sql.prepare << "INSERT INTO security_list_entries (version, registration_id, "
                                                 "position, list_values) VALUES (:v, :id, :p, :values)",
                              soci::use(v.version), soci::use(id), soci::use(position), soci::use(values));
    for (const auto& e : entries) {
        id = e.registration_id;
        ++position;
        out.ids.insert(id);
        values = to_json(e.values);
        insert.execute(true);
    }
    return out;
}

security_ids latest_security_ids(soci::session& sql) {
    security_ids out;
    auto latest = latest_security_version(sql);
    if (!latest) return out;
    out.version = latest->version;
    out.frozen_at = latest->frozen_at;
    long long id = 0;
    soci::statement st = (sql.prepare << "SELECT registration_id FROM security_list_entries WHERE version = :v",
                          soci::use(latest->version), soci::into(id));
    st.execute();
    while (st.fetch()) out.ids.insert(id);
    return out;
}

void security_marks::set(int version, std::string frozen_at, std::unordered_set<long long> ids) {
    auto next = std::make_shared<state>();
    next->version = version;
    next->frozen_at = std::move(frozen_at);
    next->ids = std::move(ids);
    std::lock_guard lock(mutex_);
    state_ = std::move(next);
    version_.store(version, std::memory_order_release);
}

std::optional<bool> security_marks::of(long long id) const {
    if (!configured_) return std::nullopt;
    std::shared_ptr<const state> s;
    {
        std::lock_guard lock(mutex_);
        s = state_;
    }
    return s->ids.count(id) > 0;
}

bool security_marks::sent_without(long long id) const {
    return configured_ && version() > 0 && of(id) == false;
}

std::string security_marks::frozen_at() const {
    std::lock_guard lock(mutex_);
    return state_->frozen_at;
}

}  // namespace colloq::store
