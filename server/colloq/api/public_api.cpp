// The public JSON routes: the event and its counts, registering, and the attendee's own record.
#include <mutex>

#include <boost/json.hpp>

#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/registering.hpp"
#include "colloq/api/views.hpp"
#include "colloq/api/services.hpp"
#include "colloq/domain/time.hpp"

namespace colloq::api {

namespace json = boost::json;

namespace {

// GET /api/event is built from the counts the writer keeps in memory, and the body is
// rebuilt only when they change: no query, no allocation of a new body per request.
class event_body_cache {
public:
    std::shared_ptr<const std::string> get(const services& s) {
        auto tally = s.db.tally();
        bool open = registration_open(s.cfg);
        int list_version = s.db.security_marks_of().version();
        std::lock_guard lock(mutex_);
        if (!body_ || version_ != tally->version || open_ != open || list_version_ != list_version) {
            body_ = std::make_shared<const std::string>(build(s.cfg, *tally, open, list_version));
            version_ = tally->version;
            open_ = open;
            list_version_ = list_version;
        }
        return body_;
    }

private:
    static std::string build(const config::config& cfg, const domain::tally& t, bool open, int list_version) {
        const auto& e = cfg.event;
        json::object o;
        o["slug"] = e.slug;
        o["title"] = e.title;
        o["organiser"] = e.organiser;
        o["venue"] = e.venue;
        o["starts_at"] = domain::format_local(e.starts_at);
        o["ends_at"] = domain::format_local(e.ends_at);
        o["capacity"] = e.capacity;
        o["confirmed"] = t.seats.confirmed();
        o["waitlisted"] = t.waitlisted;
        o["pending"] = t.pending;
        o["remaining"] = t.seats.remaining();
        o["registration_open"] = open;
        if (e.registration_opens_at) o["registration_opens_at"] = domain::format_local(*e.registration_opens_at);
        if (e.registration_closes_at) o["registration_closes_at"] = domain::format_local(*e.registration_closes_at);
        json::array partners;
        for (const auto& p : cfg.partners) {
            json::object po;
            po["slug"] = p.slug;
            po["name"] = p.name;
            po["quota"] = p.quota ? json::value(*p.quota) : json::value(nullptr);
            po["requires_approval"] = p.requires_approval;
            po["confirmed"] = t.seats.confirmed_of(p.slug);
            po["remaining"] = t.seats.remaining_of(p.slug);
            partners.push_back(std::move(po));
        }
        o["partners"] = std::move(partners);
        json::array questions;
        for (const auto& q : cfg.questions) {
            json::object qo;
            qo["id"] = q.id;
            qo["label"] = q.label;
            qo["type"] = config::to_string(q.type);
            qo["required"] = q.required;
            qo["help"] = q.help.empty() ? json::value(nullptr) : json::value(q.help);
            json::array options;
            for (const auto& option : q.options) options.emplace_back(option);
            qo["options"] = std::move(options);
            qo["max_length"] = q.max_length ? json::value(q.max_length) : json::value(nullptr);
            questions.push_back(std::move(qo));
        }
        o["questions"] = std::move(questions);
        if (cfg.security_list)
            o["security_list"] = json::object{{"due_at", domain::format_local(cfg.security_list->due_at)},
                                              {"frozen", list_version > 0}};
        return json::serialize(o);
    }

    std::mutex mutex_;
    std::shared_ptr<const std::string> body_;
    long long version_ = -1;
    bool open_ = false;
    int list_version_ = -1;
};

// Reads the registration fields of a JSON body; wrong types give a 400 naming the field.
std::optional<domain::applicant> applicant_from_json(const json::object& o, std::optional<response>& error) {
    domain::applicant a;
    a.first_name = text_field(o, "first_name", error).value_or("");
    a.last_name = text_field(o, "last_name", error).value_or("");
    a.email = text_field(o, "email", error).value_or("");
    a.organisation = text_field(o, "organisation", error).value_or("");
    a.role = text_field(o, "role", error).value_or("");
    a.partner = text_field(o, "partner", error);
    a.answers = answers_field(o, error);
    a.consent = flag_field(o, "consent", error).value_or(false);
    if (error) return std::nullopt;
    return a;
}

// What a registration gets back: {id, status, manage_url}, and for staff the whole record too.
response registering_answer(const services& s, registering_outcome out, bool for_staff) {
    switch (out.result) {
        case registering_outcome::registered: {
            json::object o = for_staff ? registration_json(out.reg, s.db.security_marks_of()) : json::object{};
            o["id"] = out.reg.id;
            o["status"] = domain::to_string(out.reg.state);
            o["manage_url"] = out.manage_url;
            if (out.reg.state == domain::status::waitlisted) o["waitlist_position"] = out.reg.waitlist_position;
            return json_response(201, o);
        }
        case registering_outcome::invalid: return invalid_fields(out.errors);
        default: {
            response res = json_error(http_status(out.result), error_code(out.result), out.message);
            if (out.result == registering_outcome::rate_limited)
                res.headers.emplace_back("Retry-After", std::to_string(out.retry_after));
            return res;
        }
    }
}

// Staff credentials: an API token, or a session with its anti-forgery header. A staff member's
// session cookie alone, sent along by the public page, leaves the registration a public one.
bool registration_options(const request& req) {
    return !req.header("authorization").empty() || !req.header("x-csrf-token").empty();
}

void register_for_staff(services& s, request& req, responder respond) {
    with_principal(s, req, respond, access::staff, [&s, &req, respond](const principal& by) {
        auto parsed = parse_json_object(req);
        if (parsed.error) return respond(std::move(*parsed.error));
        std::optional<response> error;
        auto applicant = applicant_from_json(parsed.object, error);
        auto send_email = flag_field(parsed.object, "send_email", error);
        auto guest = flag_field(parsed.object, "guest", error);
        if (error) return respond(std::move(*error));
        staff_registration r{std::move(*applicant), send_email.value_or(true), guest.value_or(false)};
        register_by_staff(s, by, req.remote_address, std::move(r), [&s, respond](registering_outcome out) {
            respond(registering_answer(s, std::move(out), true));
        });
    });
}

response unknown_link() {
    return json_error(404, "not_found", "Ce lien de gestion d'inscription n'est pas valide.");
}

}  // namespace

void add_public_routes(router& r, services& s) {
    r.add("GET", "/healthz", [&s](request&, responder respond) {
        s.db.ping([respond](bool ok) {
            if (!ok) return respond(unavailable());
            response res;
            res.content_type = "text/plain; charset=utf-8";
            res.body = "ok";
            respond(std::move(res));
        });
    });

    auto cache = std::make_shared<event_body_cache>();
    r.add("GET", "/api/event", [&s, cache](request&, responder respond) {
        response res;
        res.body = *cache->get(s);
        respond(std::move(res));
    });

    r.add("POST", "/api/registrations", [&s](request& req, responder respond) {
        if (registration_options(req)) return register_for_staff(s, req, std::move(respond));
        auto parsed = parse_json_object(req);
        if (parsed.error) return respond(std::move(*parsed.error));
        std::optional<response> error;
        auto applicant = applicant_from_json(parsed.object, error);
        if (!applicant) return respond(std::move(*error));
        register_from_public(s, req.remote_address, std::move(*applicant), [&s, respond](registering_outcome out) {
            respond(registering_answer(s, std::move(out), false));
        });
    });

    r.add("GET", "/api/manage/{}", [&s](request& req, responder respond) {
        if (!plausible_token(req.params[0])) return respond(unknown_link());
        s.db.find_by_manage_token(req.params[0], [&s, respond](store::lookup_reply reply) {
            if (reply.failed) return respond(unavailable());
            if (!reply.reg) return respond(unknown_link());
            respond(json_response(200, registration_json(*reply.reg, s.db.security_marks_of())));
        });
    });

    r.add("POST", "/api/manage/{}/cancel", [&s](request& req, responder respond) {
        if (!plausible_token(req.params[0])) return respond(unknown_link());
        s.db.cancel_by_manage_token(req.params[0], [&s, respond](store::cancel_reply reply) {
            if (reply.failed) return respond(unavailable());
            if (!reply.reg) return respond(unknown_link());
            json::object o = registration_json(*reply.reg, s.db.security_marks_of());
            respond(json_response(200, o));
        });
    });
}

}  // namespace colloq::api
