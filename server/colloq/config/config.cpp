#include "colloq/config/config.hpp"

#include "colloq/config/toml_text.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <arpa/inet.h>

#include <toml++/toml.h>

namespace colloq::config {

const partner* config::find_partner(std::string_view slug) const {
    for (const auto& p : partners)
        if (p.slug == slug) return &p;
    return nullptr;
}

const question* config::find_question(std::string_view id) const {
    for (const auto& q : questions)
        if (q.id == id) return &q;
    return nullptr;
}

std::string_view to_string(question::kind k) {
    switch (k) {
        case question::kind::text: return "text";
        case question::kind::textarea: return "textarea";
        case question::kind::choice: return "choice";
        case question::kind::choices: return "choices";
        case question::kind::checkbox: return "checkbox";
        case question::kind::date: return "date";
    }
    return "text";
}

namespace {

// Reads one TOML file into the struct, keeping the file name for every message.
class reader {
public:
    explicit reader(std::string source) : source_(std::move(source)) {}

    // A TOML string as it was written (see toml_text.hpp); none for any other value.
    static std::optional<std::string> string_of(const toml::node& node) {
        const auto* s = node.as_string();
        if (!s) return std::nullopt;
        return unshield(s->get());
    }

    [[noreturn]] void fail(const toml::node* node, const std::string& key, const std::string& what) const {
        std::ostringstream msg;
        msg << source_;
        if (node && node->source().begin.line) msg << ":" << node->source().begin.line;
        msg << ": " << key << ": " << what;
        throw config_error(msg.str());
    }

    void reject_unknown(const toml::table& table, const std::string& prefix,
                        const std::set<std::string>& allowed) const {
        for (const auto& [key, node] : table) {
            std::string name = unshield(key.str());
            if (!allowed.count(name))
                fail(&node, prefix + name, "unknown key (allowed: " + join(allowed) + ")");
        }
    }

    const toml::table& table(const toml::table& parent, const std::string& key, bool required) const {
        static const toml::table empty;
        const toml::node* node = parent.get(key);
        if (!node) {
            if (required) fail(&parent, key, "missing required section [" + key + "]");
            return empty;
        }
        if (!node->is_table()) fail(node, key, "must be a section [" + key + "]");
        return *node->as_table();
    }

    std::string text(const toml::table& t, const std::string& prefix, const std::string& key,
                     bool required, std::string fallback = {}) const {
        const toml::node* node = t.get(key);
        if (!node) {
            if (required) fail(&t, prefix + key, "missing required key");
            return fallback;
        }
        auto v = string_of(*node);
        if (!v) fail(node, prefix + key, "must be a text in quotes");
        if (required && v->empty()) fail(node, prefix + key, "must not be empty");
        return *v;
    }

    std::optional<long long> integer(const toml::table& t, const std::string& prefix,
                                     const std::string& key, bool required, long long min,
                                     long long max) const {
        const toml::node* node = t.get(key);
        if (!node) {
            if (required) fail(&t, prefix + key, "missing required key");
            return std::nullopt;
        }
        if (!node->is_integer()) fail(node, prefix + key, "must be a whole number");
        long long v = node->as_integer()->get();
        if (v < min || v > max)
            fail(node, prefix + key,
                 "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return v;
    }

    std::optional<domain::instant> when(const toml::table& t, const std::string& prefix,
                                        const std::string& key, bool required) const {
        const toml::node* node = t.get(key);
        if (!node) {
            if (required) fail(&t, prefix + key, "missing required key");
            return std::nullopt;
        }
        auto v = string_of(*node);
        auto parsed = v ? domain::parse_rfc3339(*v) : std::nullopt;
        if (!parsed)
            fail(node, prefix + key,
                 "must be an RFC 3339 instant in quotes, e.g. \"2024-10-10T09:00:00+02:00\"");
        return parsed;
    }

    std::vector<std::string> texts(const toml::table& t, const std::string& prefix, const std::string& key) const {
        std::vector<std::string> out;
        const toml::node* node = t.get(key);
        if (!node) return out;
        if (!node->is_array()) fail(node, prefix + key, "must be a list of texts, e.g. [\"127.0.0.1\"]");
        for (const auto& item : *node->as_array()) {
            auto v = string_of(item);
            if (!v) fail(&item, prefix + key, "must be a list of texts, e.g. [\"127.0.0.1\"]");
            out.push_back(*v);
        }
        return out;
    }

    bool boolean(const toml::table& t, const std::string& prefix, const std::string& key) const {
        const toml::node* node = t.get(key);
        if (!node) return false;
        if (!node->is_boolean()) fail(node, prefix + key, "must be true or false");
        return node->as_boolean()->get();
    }

private:
    static std::string join(const std::set<std::string>& keys) {
        std::string out;
        for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
        return out;
    }

    std::string source_;
};

bool is_slug(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

// "192.0.2.1", "2001:db8::1", "10.0.0.0/8" or "2001:db8::/32".
bool is_address_or_network(const std::string& text) {
    auto slash = text.find('/');
    std::string address = text.substr(0, slash);
    unsigned char buffer[16];
    bool v4 = inet_pton(AF_INET, address.c_str(), buffer) == 1;
    bool v6 = !v4 && inet_pton(AF_INET6, address.c_str(), buffer) == 1;
    if (!v4 && !v6) return false;
    if (slash == std::string::npos) return true;
    std::string bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos) return false;
    return std::stoi(bits) <= (v4 ? 32 : 128);
}

// "Colloque IA <inscriptions@example.org>" → "inscriptions@example.org".
std::string address_of(const std::string& mailbox) {
    auto open = mailbox.find('<');
    auto close = mailbox.find('>', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos)
        return mailbox.substr(open + 1, close - open - 1);
    return mailbox;
}

void read_event(const reader& r, const toml::table& root, config& c) {
    const auto& t = r.table(root, "event", true);
    const std::string p = "event.";
    r.reject_unknown(t, p, {"slug", "title", "organiser", "venue", "starts_at", "ends_at", "capacity",
                            "registration_opens_at", "registration_closes_at", "contact_email"});
    auto& e = c.event;
    e.slug = r.text(t, p, "slug", true);
    if (!is_slug(e.slug)) r.fail(t.get("slug"), p + "slug", "use lowercase letters, digits, - and _");
    e.title = r.text(t, p, "title", true);
    e.organiser = r.text(t, p, "organiser", true);
    e.venue = r.text(t, p, "venue", true);
    e.starts_at = *r.when(t, p, "starts_at", true);
    e.ends_at = *r.when(t, p, "ends_at", true);
    if (e.ends_at.utc < e.starts_at.utc) r.fail(t.get("ends_at"), p + "ends_at", "must not be before starts_at");
    e.capacity = static_cast<int>(*r.integer(t, p, "capacity", true, 1, 1'000'000));
    e.registration_opens_at = r.when(t, p, "registration_opens_at", false);
    e.registration_closes_at = r.when(t, p, "registration_closes_at", false);
    if (e.registration_opens_at && e.registration_closes_at &&
        e.registration_closes_at->utc < e.registration_opens_at->utc)
        r.fail(t.get("registration_closes_at"), p + "registration_closes_at",
               "must not be before registration_opens_at");
    e.contact_email = r.text(t, p, "contact_email", false);
}

void read_partners(const reader& r, const toml::table& root, config& c) {
    const toml::node* node = root.get("partners");
    if (!node) return;
    if (!node->is_array_of_tables()) r.fail(node, "partners", "must be written as [[partners]] sections");
    for (const auto& item : *node->as_array()) {
        const auto& t = *item.as_table();
        const std::string p = "partners.";
        r.reject_unknown(t, p, {"slug", "name", "quota", "requires_approval"});
        partner pa;
        pa.slug = r.text(t, p, "slug", true);
        if (!is_slug(pa.slug)) r.fail(t.get("slug"), p + "slug", "use lowercase letters, digits, - and _");
        if (c.find_partner(pa.slug)) r.fail(t.get("slug"), p + "slug", "\"" + pa.slug + "\" appears twice");
        pa.name = r.text(t, p, "name", true);
        if (auto q = r.integer(t, p, "quota", false, 0, 1'000'000)) pa.quota = static_cast<int>(*q);
        pa.requires_approval = r.boolean(t, p, "requires_approval");
        c.partners.push_back(std::move(pa));
    }
}

bool is_question_id(const std::string& id) {
    if (id.empty() || id.size() > 40) return false;
    for (char ch : id)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
    return true;
}

void read_questions(const reader& r, const toml::table& root, config& c) {
    const toml::node* node = root.get("questions");
    if (!node) return;
    if (!node->is_array_of_tables()) r.fail(node, "questions", "must be written as [[questions]] sections");
    for (const auto& item : *node->as_array()) {
        const auto& t = *item.as_table();
        const std::string p = "questions.";
        r.reject_unknown(t, p, {"id", "label", "type", "required", "help", "options", "max_length",
                                "security_list"});
        question q;
        q.id = r.text(t, p, "id", true);
        if (!is_question_id(q.id)) r.fail(t.get("id"), p + "id", "use lowercase letters, digits and _ (40 at most)");
        if (c.find_question(q.id)) r.fail(t.get("id"), p + "id", "\"" + q.id + "\" appears twice");
        q.label = r.text(t, p, "label", true);
        std::string type = r.text(t, p, "type", true);
        bool known = false;
        for (auto k : {question::kind::text, question::kind::textarea, question::kind::choice,
                       question::kind::choices, question::kind::checkbox, question::kind::date})
            if (to_string(k) == type) q.type = k, known = true;
        if (!known) r.fail(t.get("type"), p + "type", "must be text, textarea, choice, choices, checkbox or date");
        q.required = r.boolean(t, p, "required");
        q.help = r.text(t, p, "help", false);
        q.options = r.texts(t, p, "options");
        bool has_options = q.type == question::kind::choice || q.type == question::kind::choices;
        if (has_options && q.options.empty())
            r.fail(&t, p + "options", "a " + type + " question needs its options, e.g. [\"Oui\", \"Non\"]");
        if (!has_options && t.contains("options"))
            r.fail(t.get("options"), p + "options", "only choice and choices questions have options");
        for (std::size_t i = 0; i < q.options.size(); ++i) {
            if (q.options[i].empty()) r.fail(t.get("options"), p + "options", "an option must not be empty");
            for (std::size_t j = 0; j < i; ++j)
                if (q.options[j] == q.options[i])
                    r.fail(t.get("options"), p + "options", "\"" + q.options[i] + "\" appears twice");
        }
        bool has_length = q.type == question::kind::text || q.type == question::kind::textarea;
        if (auto v = r.integer(t, p, "max_length", false, 1, 10'000)) {
            if (!has_length) r.fail(t.get("max_length"), p + "max_length", "only text and textarea questions have one");
            q.max_length = static_cast<std::size_t>(*v);
        } else if (has_length) {
            q.max_length = q.type == question::kind::text ? 200 : 2000;
        }
        q.security_list = r.boolean(t, p, "security_list");
        c.questions.push_back(std::move(q));
    }
}

void read_server(const reader& r, const toml::table& root, config& c) {
    const auto& t = r.table(root, "server", false);
    const std::string p = "server.";
    r.reject_unknown(t, p, {"public_url", "tls_cert", "tls_key", "read_timeout", "write_timeout",
                            "idle_timeout", "body_limit", "header_limit", "io_threads", "trusted_proxies",
                            "max_connections"});
    auto& s = c.server;
    s.public_url_configured = t.contains("public_url");
    s.public_url = r.text(t, p, "public_url", false, s.public_url);
    if (s.public_url.rfind("http://", 0) != 0 && s.public_url.rfind("https://", 0) != 0)
        r.fail(t.get("public_url"), p + "public_url", "must start with http:// or https://");
    while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
    s.tls_cert = r.text(t, p, "tls_cert", false);
    s.tls_key = r.text(t, p, "tls_key", false);
    if (s.tls_cert.empty() != s.tls_key.empty())
        r.fail(&t, p + (s.tls_cert.empty() ? "tls_cert" : "tls_key"), "tls_cert and tls_key go together");
    auto seconds = [&](const char* key, std::chrono::seconds& out) {
        if (auto v = r.integer(t, p, key, false, 1, 3600)) out = std::chrono::seconds(*v);
    };
    seconds("read_timeout", s.read_timeout);
    seconds("write_timeout", s.write_timeout);
    seconds("idle_timeout", s.idle_timeout);
    if (auto v = r.integer(t, p, "body_limit", false, 1024, 64 * 1024 * 1024)) s.body_limit = *v;
    if (auto v = r.integer(t, p, "header_limit", false, 1024, 1024 * 1024)) s.header_limit = *v;
    if (auto v = r.integer(t, p, "io_threads", false, 0, 256)) s.io_threads = static_cast<int>(*v);
    s.trusted_proxies = r.texts(t, p, "trusted_proxies");
    for (const auto& proxy : s.trusted_proxies)
        if (!is_address_or_network(proxy))
            r.fail(t.get("trusted_proxies"), p + "trusted_proxies",
                   "\"" + proxy + "\" is not an IP address or a network such as \"10.0.0.0/8\"");
    if (auto v = r.integer(t, p, "max_connections", false, 16, 1'000'000)) s.max_connections = static_cast<int>(*v);
}

void read_limits(const reader& r, const toml::table& root, config& c) {
    const auto& t = r.table(root, "limits", false);
    const std::string p = "limits.";
    r.reject_unknown(t, p, {"registrations_per_address", "resend_interval", "staff_emails_per_day"});
    auto& l = c.limits;
    if (auto v = r.integer(t, p, "registrations_per_address", false, 1, 1'000'000'000))
        l.registrations_per_address = static_cast<int>(*v);
    if (auto v = r.integer(t, p, "resend_interval", false, 0, 30 * 86400)) l.resend_interval = std::chrono::seconds(*v);
    if (auto v = r.integer(t, p, "staff_emails_per_day", false, 1, 1'000'000'000))
        l.staff_emails_per_day = static_cast<int>(*v);
}

void read_mail(const reader& r, const toml::table& root, config& c) {
    const auto& t = r.table(root, "mail", true);
    const std::string p = "mail.";
    r.reject_unknown(t, p, {"from", "reply_to", "smtp_url", "retry_cap"});
    auto& m = c.mail;
    m.from = r.text(t, p, "from", true);
    if (address_of(m.from).find('@') == std::string::npos)
        r.fail(t.get("from"), p + "from", "must hold an e-mail address, e.g. \"Colloque <inscriptions@example.org>\"");
    m.reply_to = r.text(t, p, "reply_to", false);
    m.smtp_url = r.text(t, p, "smtp_url", false);
    if (!m.smtp_url.empty() && m.smtp_url.rfind("smtp://", 0) != 0 && m.smtp_url.rfind("smtps://", 0) != 0)
        r.fail(t.get("smtp_url"), p + "smtp_url", "must start with smtp:// or smtps://");
    if (auto v = r.integer(t, p, "retry_cap", false, 1, 86400)) m.retry_cap = std::chrono::seconds(*v);
    if (c.event.contact_email.empty()) c.event.contact_email = address_of(m.from);
}

void read_security_list(const reader& r, const toml::table& root, config& c) {
    // Without the section, a question marked security_list goes nowhere: nothing to send it to.
    if (!root.get("security_list")) return;
    const auto& t = r.table(root, "security_list", true);
    const std::string p = "security_list.";
    r.reject_unknown(t, p, {"recipient", "due_at", "fields", "after_due"});
    security_list_settings s;
    s.recipient = r.text(t, p, "recipient", true);
    s.due_at = *r.when(t, p, "due_at", true);
    if (s.due_at.utc > c.event.starts_at.utc)
        r.fail(t.get("due_at"), p + "due_at", "must not be after the event's starts_at");
    s.fields = r.texts(t, p, "fields");
    if (s.fields.empty()) r.fail(t.get("fields"), p + "fields", "name at least one field, e.g. [\"last_name\", \"first_name\"]");
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
        const auto& f = s.fields[i];
        bool known = c.find_question(f) != nullptr;
        for (const char* name : security_list_registration_fields) known = known || f == name;
        if (!known)
            r.fail(t.get("fields"), p + "fields",
                   "\"" + f + "\" is neither a registration field (last_name, first_name, email, organisation, "
                   "role, partner) nor a question id");
        for (std::size_t j = 0; j < i; ++j)
            if (s.fields[j] == f) r.fail(t.get("fields"), p + "fields", "\"" + f + "\" appears twice");
    }
    std::string after = r.text(t, p, "after_due", false);
    if (after == "accept") s.after_due = security_list_settings::after_due_policy::accept;
    else if (after == "close") s.after_due = security_list_settings::after_due_policy::close;
    else if (after.empty() || after == "waitlist") s.after_due = security_list_settings::after_due_policy::waitlist;
    else r.fail(t.get("after_due"), p + "after_due", "must be accept, waitlist or close");
    c.security_list = std::move(s);
}

// "7d" or "24h": whole days or hours, up to a year.
std::optional<std::chrono::hours> lead_time(const std::string& text) {
    if (text.size() < 2 || text.size() > 5) return std::nullopt;
    std::string digits = text.substr(0, text.size() - 1);
    if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    long long n = std::stoll(digits);
    long long hours = text.back() == 'd' ? n * 24 : text.back() == 'h' ? n : -1;
    if (hours <= 0 || hours > 366 * 24) return std::nullopt;
    return std::chrono::hours(hours);
}

void read_reminders(const reader& r, const toml::table& root, config& c) {
    const toml::node* node = root.get("reminders");
    if (!node) return;
    if (!node->is_array_of_tables()) r.fail(node, "reminders", "must be written as [[reminders]] sections");
    for (const auto& item : *node->as_array()) {
        const auto& t = *item.as_table();
        const std::string p = "reminders.";
        r.reject_unknown(t, p, {"before", "at", "to", "attach_badge"});
        reminder m;
        std::string before = r.text(t, p, "before", false);
        auto at = r.when(t, p, "at", false);
        if (before.empty() == !at) r.fail(&t, p + "before", "give either before (\"7d\", \"24h\") or at, not both");
        if (at) {
            m.due = *at;
            m.key = "at " + domain::format_utc(at->utc);
        } else {
            auto lead = lead_time(before);
            if (!lead) r.fail(t.get("before"), p + "before", "must be days or hours before the start, e.g. \"7d\" or \"24h\"");
            m.due = c.event.starts_at;
            m.due.utc -= *lead;
            m.key = before;
        }
        if (m.due.utc >= c.event.starts_at.utc) r.fail(&t, p + "at", "must be before the event's starts_at");
        m.to = r.text(t, p, "to", false, "confirmed");
        if (m.to != "confirmed" && m.to != "waitlisted" && m.to != "pending")
            r.fail(t.get("to"), p + "to", "must be confirmed, waitlisted or pending");
        m.key = "reminder " + m.key + " to " + m.to;
        for (const auto& other : c.reminders)
            if (other.key == m.key) r.fail(&t, p + "before", "the same reminder appears twice");
        m.attach_badge = r.boolean(t, p, "attach_badge");
        c.reminders.push_back(std::move(m));
    }
}

void read_after_event(const reader& r, const toml::table& root, config& c) {
    const auto& t = r.table(root, "after_event", false);
    const std::string p = "after_event.";
    r.reject_unknown(t, p, {"thank_you", "certificate"});
    c.after_event.thank_you = r.boolean(t, p, "thank_you");
    c.after_event.certificate = !t.get("certificate") || r.boolean(t, p, "certificate");
}

void read_privacy(const reader& r, const toml::table& root, config& c) {
    const auto& t = r.table(root, "privacy", false);
    const std::string p = "privacy.";
    r.reject_unknown(t, p, {"retention_days", "controller", "dpo_email", "purge_interval"});
    if (auto days = r.integer(t, p, "retention_days", false, 0, 3650); days && *days > 0)
        c.privacy.retention_days = static_cast<int>(*days);
    c.privacy.controller = r.text(t, p, "controller", false, c.event.organiser);
    c.privacy.dpo_email = r.text(t, p, "dpo_email", false);
    if (auto every = r.integer(t, p, "purge_interval", false, 1, 86400)) c.privacy.purge_interval = std::chrono::seconds(*every);
}

void read_database(const reader& r, const toml::table& root, config& c) {
    const auto& t = r.table(root, "database", false);
    const std::string p = "database.";
    r.reject_unknown(t, p, {"url"});
    c.database_url = r.text(t, p, "url", false);
    if (!c.database_url.empty() && c.database_url.rfind("sqlite:", 0) != 0 &&
        c.database_url.rfind("postgresql://", 0) != 0 && c.database_url.rfind("postgres://", 0) != 0)
        r.fail(t.get("url"), p + "url", "must start with sqlite: or postgresql://");
}

}  // namespace

std::optional<domain::clock_time> config::purge_at() const {
    if (!privacy.retention_days) return std::nullopt;
    return event.ends_at.utc + std::chrono::hours(24 * *privacy.retention_days);
}

std::vector<std::string> config::security_list_columns() const {
    std::vector<std::string> out;
    if (!security_list) return out;
    out = security_list->fields;
    for (const auto& q : questions)
        if (q.security_list && std::find(out.begin(), out.end(), q.id) == out.end()) out.push_back(q.id);
    return out;
}

config parse(std::string_view text, const std::string& source_name) {
    if (auto line = plane_15_character(text))
        throw config_error(source_name + ":" + std::to_string(*line) +
                           ": a character of Unicode's plane 15 (private use) is not allowed");
    toml::table root;
    try {
        root = toml::parse(shield_for_toml(text), source_name);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << source_name << ":" << e.source().begin.line << ": " << unshield(e.description());
        throw config_error(msg.str());
    }
    reader r(source_name);
    r.reject_unknown(root, "", {"event", "partners", "questions", "server", "mail", "limits", "security_list",
                            "reminders", "after_event", "privacy", "database"});
    config c;
    c.source = source_name;
    read_event(r, root, c);
    read_partners(r, root, c);
    read_questions(r, root, c);
    read_server(r, root, c);
    read_mail(r, root, c);
    read_limits(r, root, c);
    read_security_list(r, root, c);
    read_reminders(r, root, c);
    read_after_event(r, root, c);
    read_privacy(r, root, c);
    read_database(r, root, c);
    return c;
}

config load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw config_error(path + ": cannot read the configuration file");
    std::ostringstream content;
    content << in.rdbuf();
    return parse(content.str(), path);
}

}  // namespace colloq::config
