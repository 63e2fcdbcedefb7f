// GET /metrics: the server's counts in Prometheus's text format, for a scraper on the same
// machine or an organiser's API token; never for the public (a proxy in front must set
// X-Forwarded-For and be listed in [server] trusted_proxies, or it would pass as loopback).
#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/services.hpp"
#include "colloq/support/metrics.hpp"

namespace colloq::api {

namespace {

bool from_loopback(const request& req) {
    return req.remote_address.rfind("127.", 0) == 0 || req.remote_address == "::1";
}

std::string partner_label(const std::string& slug) { return "partner=\"" + support::label_value(slug) + "\""; }

void write_seats(std::string& out, const config::config& cfg, const domain::tally& t) {
    using support::write_header, support::write_sample;
    write_header(out, "colloq_seats_capacity", "gauge", "The event's capacity.");
    write_sample(out, "colloq_seats_capacity", "", t.seats.capacity());
    write_header(out, "colloq_seats_confirmed", "gauge", "Confirmed seats.");
    write_sample(out, "colloq_seats_confirmed", "", t.seats.confirmed());
    write_header(out, "colloq_partner_seats_quota", "gauge", "Each partner's quota, for those that have one.");
    for (const auto& p : cfg.partners)
        if (p.quota) write_sample(out, "colloq_partner_seats_quota", partner_label(p.slug), *p.quota);
    write_header(out, "colloq_partner_seats_confirmed", "gauge", "Confirmed seats by partner.");
    for (const auto& p : cfg.partners)
        write_sample(out, "colloq_partner_seats_confirmed", partner_label(p.slug), t.seats.confirmed_of(p.slug));
    write_header(out, "colloq_registrations", "gauge", "Registrations by status.");
    write_sample(out, "colloq_registrations", "status=\"confirmed\"", t.seats.confirmed());
    write_sample(out, "colloq_registrations", "status=\"waitlisted\"", t.waitlisted);
    write_sample(out, "colloq_registrations", "status=\"pending\"", t.pending);
    write_sample(out, "colloq_registrations", "status=\"cancelled\"", t.cancelled);
    write_header(out, "colloq_checked_in", "gauge", "People checked in at the door.");
    write_sample(out, "colloq_checked_in", "", t.checked_in);
}

void answer(services& s, const router& r, responder respond) {
    s.db.mail_backlog([&s, &r, respond](store::backlog_reply backlog) {
        if (backlog.failed) return respond(unavailable());
        std::string out;
        r.metrics().write(out);
        support::write_header(out, "colloq_writer_group_size", "histogram",
                              "Writes committed together in one transaction.");
        s.db.writer_group_sizes().write(out, "colloq_writer_group_size", "");
        support::write_header(out, "colloq_outbox_messages", "gauge",
                              "E-mails in the outbox by state: waiting, retrying, failed (given up), sent.");
        for (const auto& [state, count] : backlog.by_state)
            support::write_sample(out, "colloq_outbox_messages", "state=\"" + state + "\"", static_cast<double>(count));
        write_seats(out, s.cfg, *s.db.tally());
        response res;
        res.content_type = "text/plain; version=0.0.4; charset=utf-8";
        res.headers.emplace_back("Cache-Control", "no-store");
        res.body = std::move(out);
        respond(std::move(res));
    });
}

}  // namespace

void add_metrics_routes(router& r, services& s) {
    r.add("GET", "/metrics", [&s, &r](request& req, responder respond) {
        if (from_loopback(req)) return answer(s, r, respond);
        with_principal(s, req, respond, access::admin, [&s, &r, respond](const principal&) { answer(s, r, respond); });
    });
}

}  // namespace colloq::api
