// Check-in at the door: online scans, the list a device keeps for working offline, and the
// upload of the scans it made offline.
#include <algorithm>

#include <boost/json.hpp>

#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/domain/text.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/tickets/ticket.hpp"

namespace colloq::api {

namespace json = boost::json;

namespace {

constexpr std::size_t max_batch = 200;

json::value security_mark(const services& s, long long id) {
    auto on_list = s.db.security_marks_of().of(id);
    return on_list ? json::value(*on_list) : json::value(nullptr);
}

// A door account learns names only of confirmed registrations: any other is its id and status.
json::object door_person(const services& s, const domain::registration& r) {
    if (r.state != domain::status::confirmed) return {{"id", r.id}, {"status", domain::to_string(r.state)}};
    return {{"id", r.id},
            {"first_name", r.first_name},
            {"last_name", r.last_name},
            {"organisation", r.organisation},
            {"partner", r.partner ? json::value(*r.partner) : json::value(nullptr)},
            {"on_security_list", security_mark(s, r.id)}};
}

json::object outcome_json(const services& s, const store::scan_outcome& o) {
    json::object out{{"result", o.result}};
    if (o.reg) {
        json::object person = door_person(s, *o.reg);
        if (auto* mark = person.if_contains("on_security_list")) out["on_security_list"] = *mark;
        out["registration"] = std::move(person);
    }
    if (o.checked_in_at) out["checked_in_at"] = *o.checked_in_at;
    if (o.checked_in_door) out["checked_in_door"] = *o.checked_in_door;
    return out;
}

// A short label: the door ("entrée Vaugirard") or the device.
std::optional<std::string> label(const json::object& o, std::string_view name, std::optional<response>& error,
                                 const char* fallback) {
    auto value = text_field(o, name, error);
    if (error) return std::nullopt;
    std::string text = domain::trim(value.value_or(fallback));
    if (text.empty()) text = fallback;
    if (text.size() > 100 || domain::has_control_characters(text)) {
        error = json_error(422, "invalid", "Le champ « " + std::string(name) + " » est trop long ou contient un caractère non autorisé.", name);
        return std::nullopt;
    }
    return text;
}

// Turns a ticket (or, when searching by name at the door, a registration id) into a scan.
std::optional<store::scan_request> scan_of(const json::object& o, const principal& p, std::optional<response>& error,
                                          const std::string& field_prefix = "") {
    store::scan_request scan;
    scan.staff_id = p.staff_id;
    auto door = label(o, "door", error, "entrée");
    auto device = label(o, "device", error, "web");
    if (error) return std::nullopt;
    scan.door = *door;
    scan.device = *device;
    if (auto it = o.find("registration_id"); it != o.end() && !it->value().is_null()) {
        if (!it->value().is_int64() || it->value().as_int64() <= 0) {
            error = json_error(400, "bad_request", "« registration_id » doit être un nombre entier.", field_prefix + "registration_id");
            return std::nullopt;
        }
        scan.registration_id = it->value().as_int64();
        return scan;
    }
    auto ticket = text_field(o, "ticket", error);
    if (error) return std::nullopt;
    if (!ticket) {
        error = json_error(422, "invalid", "Indiquez le contenu du QR code du badge (« ticket »).", field_prefix + "ticket");
        return std::nullopt;
    }
    // The signature is checked only when the writer does not recognise the badge as one it
    // e-mailed (see store::record_scan): an Ed25519 check costs far more than the rest of a scan.
    auto read = tickets::read(*ticket);
    if (!read) {
        scan.refused = "invalid";
        return scan;
    }
    scan.registration_id = read->fields.registration_id;
    scan.ticket_nonce = tickets::nonce_hex(read->fields.nonce);
    scan.ticket_fingerprint = std::move(read->fingerprint);
    scan.unchecked_ticket = std::move(*ticket);
    return scan;
}

// "" when the ticket's signature is the server's and it is for this event, else the result to
// answer. Called for few scans: the event tag is worked out only then.
std::string signature_refusal(const services& s, const std::string& ticket) {
    auto checked = tickets::verify(ticket, s.key.public_key, tickets::event_tag_of(s.cfg.event.slug));
    if (checked.valid) return "";
    return checked.error == tickets::ticket_error::wrong_event ? "wrong_event" : "invalid";
}

// Records the scans. Those the writer did not recognise by their fingerprint come back
// unchecked: their signatures are checked here, on the connection's thread, and they are sent
// again, refused or not. `done` gets the outcomes in the scans' order, or nothing on failure.
void record(services& s, std::vector<store::scan_request> scans,
            std::function<void(std::optional<std::vector<store::scan_outcome>>)> done) {
    auto sent = std::make_shared<std::vector<store::scan_request>>(std::move(scans));
    s.db.record_scans(sent, [&s, sent, done = std::move(done)](store::scans_reply reply) {
        if (reply.failed || reply.outcomes.size() != sent->size()) return done(std::nullopt);
        std::vector<std::size_t> positions;
        std::vector<store::scan_request> checked;
        for (std::size_t i = 0; i < sent->size(); ++i) {
            if (reply.outcomes[i].result != store::unchecked) continue;
            store::scan_request scan = std::move((*sent)[i]);
            scan.refused = signature_refusal(s, scan.unchecked_ticket);
            scan.unchecked_ticket.clear();
            if (!scan.refused.empty()) scan.registration_id.reset();  // a refused ticket names no one
            positions.push_back(i);
            checked.push_back(std::move(scan));
        }
        if (checked.empty()) return done(std::move(reply.outcomes));
        auto to_send = std::make_shared<const std::vector<store::scan_request>>(std::move(checked));
        s.db.record_scans(to_send, [outcomes = std::move(reply.outcomes), positions,
                                    done](store::scans_reply again) mutable {
            if (again.failed || again.outcomes.size() != positions.size()) return done(std::nullopt);
            for (std::size_t k = 0; k < positions.size(); ++k) outcomes[positions[k]] = std::move(again.outcomes[k]);
            done(std::move(outcomes));
        });
    });
}

}  // namespace

void add_door_routes(router& r, services& s) {
    r.add("GET", "/api/checkin/key", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::door, [&s, respond](const principal&) {
            respond(json_response(200, json::object{{"public_key", tickets::public_key_base64url(s.key)}}));
        });
    });

    r.add("POST", "/api/checkin", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::door, [&s, &req, respond](const principal& p) {
            auto parsed = parse_json_object(req);
            if (parsed.error) return respond(std::move(*parsed.error));
            const auto& body = parsed.object;
            std::optional<response> error;
            auto scan = scan_of(body, p, error);
            if (!scan) return respond(std::move(*error));
            // Taken before the scan is decided: the answer tells at least the state of that moment,
            // so a device never lets an older list undo it (see the door page's door-checkin.js).
            std::string as_of = domain::format_utc(domain::now());
            record(s, {std::move(*scan)}, [&s, respond, as_of](std::optional<std::vector<store::scan_outcome>> outcomes) {
                if (!outcomes || outcomes->empty()) return respond(unavailable());
                json::object answer = outcome_json(s, outcomes->front());
                answer["as_of"] = as_of;
                respond(json_response(200, std::move(answer)));
            });
        });
    });

    r.add("POST", "/api/checkin/batch", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::door, [&s, &req, respond](const principal& p) {
            auto parsed = parse_json_object(req);
            if (parsed.error) return respond(std::move(*parsed.error));
            const auto& body = parsed.object;
            auto it = body.find("scans");
            if (it == body.end() || !it->value().is_array())
                return respond(json_error(400, "bad_request", "« scans » doit être une liste.", "scans"));
            const auto& items = it->value().as_array();
            if (items.size() > max_batch)
                return respond(json_error(413, "too_large", "Envoyez au plus " + std::to_string(max_batch) + " passages à la fois.", "scans"));
            std::vector<store::scan_request> scans;
            std::string now = domain::format_utc(domain::now());
            for (std::size_t i = 0; i < items.size(); ++i) {
                std::string field = "scans[" + std::to_string(i) + "].";
                if (!items[i].is_object()) return respond(json_error(400, "bad_request", "Chaque passage doit être un objet.", field));
                const auto& o = items[i].as_object();
                std::optional<response> error;
                auto id = text_field(o, "id", error);
                auto scanned = text_field(o, "scanned_at", error);
                if (error) return respond(std::move(*error));
                if (!id || id->empty() || id->size() > 100)
                    return respond(json_error(422, "invalid", "Chaque passage a besoin d'un identifiant (« id »).", field + "id"));
                auto at = scanned ? domain::parse_rfc3339(*scanned) : std::nullopt;
                if (!at)
                    return respond(json_error(422, "invalid", "« scanned_at » doit être une date RFC 3339.", field + "scanned_at"));
                auto scan = scan_of(o, p, error, field);
                if (!scan) return respond(std::move(*error));
                scan->client_scan_id = *id;
                // A device clock ahead of the server's cannot date a scan in the future: it is
                // recorded at its arrival, the device's value kept beside it in the scan log.
                scan->device_scanned_at = domain::format_utc(at->utc);
                scan->scanned_at = std::min(scan->device_scanned_at, now);
                scans.push_back(std::move(*scan));
            }
            // Applied in the order the scans were made, so that of two scans of one badge the
            // earliest is the check-in and the others are `already_checked_in`; answered in the
            // request's order. The times are all in one UTC format: they compare as text.
            std::vector<std::size_t> order(scans.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::stable_sort(order.begin(), order.end(),
                             [&scans](std::size_t a, std::size_t b) { return scans[a].scanned_at < scans[b].scanned_at; });
            std::vector<store::scan_request> by_time;
            by_time.reserve(scans.size());
            for (auto i : order) by_time.push_back(std::move(scans[i]));
            record(s, std::move(by_time), [&s, respond, order, as_of = now](std::optional<std::vector<store::scan_outcome>> outcomes) {
                if (!outcomes || outcomes->size() != order.size()) return respond(unavailable());
                std::vector<const store::scan_outcome*> in_request_order(order.size());
                for (std::size_t k = 0; k < order.size(); ++k) in_request_order[order[k]] = &(*outcomes)[k];
                json::array results;
                for (const auto* o : in_request_order) results.push_back(outcome_json(s, *o));
                respond(json_response(200, json::object{{"results", std::move(results)}, {"as_of", as_of}}));
            });
        });
    });

    r.add("GET", "/api/checkin/list", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::door, [&s, &req, respond](const principal&) {
            std::optional<std::string> since;
            if (auto text = req.query_param("since"); text && !text->empty()) {
                auto at = domain::parse_rfc3339(*text);
                if (!at) return respond(json_error(422, "invalid", "« since » doit être une date RFC 3339.", "since"));
                since = domain::format_utc(at->utc);
            }
            s.db.door_list(since, [&s, respond](store::door_list_reply reply) {
                if (reply.failed) return respond(unavailable());
                json::array people;
                people.reserve(reply.list.registrations.size());
                for (const auto& e : reply.list.registrations) {
                    json::object o = door_person(s, e.reg);
                    if (e.reg.state != domain::status::confirmed) {
                        people.push_back(std::move(o));
                        continue;
                    }
                    o["status"] = domain::to_string(e.reg.state);
                    o["ticket_id"] = e.reg.ticket_nonce;
                    o["checked_in_at"] = e.reg.checked_in_at ? json::value(*e.reg.checked_in_at) : json::value(nullptr);
                    o["checked_in_door"] = e.checked_in_door ? json::value(*e.checked_in_door) : json::value(nullptr);
                    people.push_back(std::move(o));
                }
                json::array revoked;
                for (const auto& id : reply.list.revoked) revoked.push_back(json::value(id));
                auto tally = s.db.tally();
                respond(json_response(200, json::object{{"as_of", reply.as_of},
                                                        {"event", s.cfg.event.slug},
                                                        {"public_key", tickets::public_key_base64url(s.key)},
                                                        {"expected", tally->seats.confirmed()},
                                                        {"checked_in", tally->checked_in},
                                                        // A new version changes every mark: ask again without since.
                                                        {"security_list_version", s.db.security_marks_of().version()},
                                                        {"security_list_recipient",
                                                         s.cfg.security_list ? json::value(s.cfg.security_list->recipient)
                                                                             : json::value(nullptr)},
                                                        {"registrations", std::move(people)},
                                                        {"revoked", std::move(revoked)}}));
            });
        });
    });
}

}  // namespace colloq::api
