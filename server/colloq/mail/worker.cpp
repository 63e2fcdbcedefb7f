#include "colloq/mail/worker.hpp"

#include <iostream>

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include "colloq/domain/time.hpp"
#include "colloq/certificates/certificate.hpp"
#include "colloq/mail/compose.hpp"
#include "colloq/mail/late_list.hpp"
#include "colloq/mail/mailings.hpp"
#include "colloq/mail/messages.hpp"
#include "colloq/mail/smtp.hpp"
#include "colloq/mail/spool.hpp"
#include "colloq/support/wait_for.hpp"
#include "colloq/tickets/badge.hpp"
#include "colloq/tickets/ticket.hpp"

namespace colloq::mail {

using namespace std::chrono;

struct worker::outcome {
    bool sent = false;
    std::string ticket_fingerprint;  // of the badge the email carried, if any
    failure kind = failure::none;
    std::string error;
};

seconds backoff(int failures, seconds cap) {
    if (failures <= 0) return seconds(0);
    long long s = 1LL << std::min(failures - 1, 30);
    return std::min(seconds(s), cap);
}

seconds deferral_backoff(int deferrals, seconds retry_cap) {
    if (deferrals <= 0) return seconds(0);
    auto first = std::max(retry_cap, seconds(1));
    seconds wait = first * (1LL << std::min(deferrals - 1, 20));
    seconds cap = first * 60;
    return std::min(wait, cap);
}

bool past_give_up(const std::string& created_at, domain::clock_time now) {
    auto created = domain::parse_rfc3339(created_at);
    return created && now - created->utc >= give_up_after;
}

using support::wait_for;

worker::worker(const config::config& cfg, store::store& db, const tickets::key_pair& key, std::string spool_dir)
    : cfg_(cfg), db_(db), key_(key), spool_dir_(std::move(spool_dir)) {
    if (!cfg_.mail.smtp_url.empty()) smtp_ = std::make_unique<smtp_client>(cfg_.mail.smtp_url, seconds(20));
    db_.on_mail_queued([this] { wake(); });
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "colloq-mail");
        // Composing badges takes milliseconds of CPU per e-mail: it runs on time the requests
        // leave over (SCHED_IDLE still gets a small share on a host that is busy for long).
        sched_param idle{};
        if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle) != 0)
            setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
        loop();
    });
}

worker::~worker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cv_.notify_one();
    }
    thread_.join();
}

void worker::wake() {
    std::lock_guard lock(mutex_);
    woken_ = true;
    cv_.notify_one();
}

void worker::loop() {
    auto next = steady_clock::now();
    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait_until(lock, next, [&] { return stopping_ || woken_; });
        if (stopping_) return;
        bool paused = consecutive_failures_ > 0 && steady_clock::now() < next;
        woken_ = false;
        if (paused) continue;  // the SMTP server failed: a new row does not cut the backoff short
        lock.unlock();
        try {
            next = send_due();
        } catch (const std::exception& e) {
            std::cerr << "colloq: mail worker: " << e.what() << "\n";
            next = steady_clock::now() + seconds(5);
        }
        lock.lock();
    }
}

steady_clock::time_point worker::send_due() {
    auto batch = wait_for<store::mail_reply>([&](auto done) { db_.due_mail(20, 5, std::move(done)); });
    if (batch.failed) return steady_clock::now() + seconds(2);
    if (batch.items.empty()) {
        if (!batch.next_due) return steady_clock::now() + minutes(10);
        auto due = domain::parse_rfc3339(*batch.next_due);
        auto wait = due ? due->utc - domain::now() : milliseconds(1000);
        return steady_clock::now() + std::clamp<milliseconds>(duration_cast<milliseconds>(wait), milliseconds(0), minutes(10));
    }
    std::vector<store::sent_mail> sent;
    std::size_t done_with = 0;  // the items tried (a stop or a paused server leaves the rest)
    for (const auto& item : batch.items) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        ++done_with;
        outcome result = deliver(item);
        // An erased person's address is kept nowhere once the e-mail is gone, not even in an error.
        for (std::size_t at; !item.address.empty() && (at = result.error.find(item.address)) != std::string::npos;)
            result.error.replace(at, item.address.size(), "(adresse effacée)");
        if (result.sent) {
            sent.push_back({item.id, item.reg.id, item.reg.ticket_nonce, std::move(result.ticket_fingerprint)});
            consecutive_failures_ = 0;
            continue;
        }
        if (result.kind == failure::server) {
            // The server is unreachable or refuses everyone: pause everything. This email is
            // not to blame; it keeps its place and its count.
            std::cerr << "colloq: email " << item.id << " not sent, sending paused: " << result.error << "\n";
            wait_for<bool>([&](auto done) { db_.note_mail_error(item.id, result.error, std::move(done)); });
            ++consecutive_failures_;
            break;
        }
        // This email alone was refused: it waits on its own; the others go on at once.
        consecutive_failures_ = 0;
        int attempts = item.attempts + 1;
        if (result.kind == failure::deferred && past_give_up(item.created_at, domain::now())) {
            result.kind = failure::permanent;
            result.error = "still refused " + std::to_string(duration_cast<hours>(give_up_after).count() / 24) +
                           " days after it was queued, given up: " + result.error;
        }
        if (result.kind == failure::permanent) {
            std::cerr << "colloq: email " << item.id << " refused for good: " << result.error << "\n";
            wait_for<bool>([&](auto done) { db_.give_up_mail(item.id, attempts, result.error, std::move(done)); });
            continue;
        }
        auto wait = deferral_backoff(attempts, cfg_.mail.retry_cap);
        std::cerr << "colloq: email " << item.id << " deferred " << wait.count() << " s: " << result.error << "\n";
        std::string next_at = domain::format_utc(domain::now() + wait);
        wait_for<bool>([&](auto done) { db_.reschedule_mail(item.id, attempts, next_at, result.error, std::move(done)); });
    }
    if (done_with < batch.items.size()) {  // left for the next look, here or on another server
        std::vector<long long> left;
        for (std::size_t i = done_with; i < batch.items.size(); ++i) left.push_back(batch.items[i].id);
        wait_for<bool>([&](auto done) { db_.release_mail(std::move(left), std::move(done)); });
    }
    if (!sent.empty()) {
        auto marked = wait_for<store::marked_reply>([&](auto done) { db_.mark_mail_sent(sent, std::move(done)); });
        // Erased or purged while it was being written: its copy goes too.
        if (!smtp_) forget_spooled(spool_dir_, marked.gone);
    }
    return steady_clock::now() + backoff(consecutive_failures_, cfg_.mail.retry_cap);
}

worker::outcome worker::deliver(const store::outbox_item& item) {
    outcome out;
    // A reminder or a thank-you no longer concerns someone who cancelled since it was queued.
    if (item.mailing_id && item.kind != "mailing" && item.reg.state == domain::status::cancelled) {
        out.kind = failure::permanent;
        out.error = "not sent: the registration was cancelled after the e-mail was queued";
        return out;
    }
    // Nor an organisers' mailing someone who asked for none since it was queued.
    if (item.kind == "mailing" && item.reg.mailings_opt_out) {
        out.kind = failure::permanent;
        out.error = "not sent: the person stopped the organisers' mailings after the e-mail was queued";
        return out;
    }
    std::string message;
    try {
        message = compose_for(item, out.ticket_fingerprint);
    } catch (const std::exception& e) {
        out.kind = failure::deferred;  // this email's own fault: the others need not wait
        out.error = std::string("composing failed: ") + e.what();
        return out;
    }
    if (!smtp_) {
        if (!item.address.empty()) {
            // The spool would keep the address the erasure removed: this e-mail goes by SMTP only.
            std::cerr << "colloq: email " << item.id << " (" << item.kind << ") not written to the spool\n";
            out.sent = true;
            return out;
        }
        try {
            char name[64];
            std::snprintf(name, sizeof name, "%08lld-%s.eml", item.id, item.kind.c_str());
            write_eml(spool_dir_, name, message);
            out.sent = true;
        } catch (const std::exception& e) {
            out.kind = failure::server;  // the spool directory: every email would fail alike
            out.error = e.what();
        }
        return out;
    }
    auto result = smtp_->send(address_of(cfg_.mail.from), item.recipient(), message);
    out.sent = result.ok;
    out.kind = result.kind;
    out.error = result.error;
    return out;
}

std::string worker::compose_for(const store::outbox_item& item, std::string& ticket_fingerprint) {
    const bool mailing = item.kind == "mailing";
    auto kind = message_kind_from(item.kind);
    if (!kind && !mailing) throw std::runtime_error("unknown email kind " + item.kind);
    const auto& r = item.reg;
    const bool confirmed = r.state == domain::status::confirmed;
    message_context c = context_for(cfg_, r, item.manage_token.empty() ? cfg_.server.public_url + "/"
                                                                      : cfg_.server.public_url + "/m/" + item.manage_token);
    const auto& marks = db_.security_marks_of();
    if (marks.sent_without(r.id)) {
        c.list_recipient = cfg_.security_list->recipient;
        c.list_sent_on = domain::french_date_time_in_offset_of(cfg_.event.starts_at, marks.frozen_at());
        c.registered_after_list = registered_after_list(r.created_at, marks.frozen_at());
    }
    c.badge_attached = item.attach_badge && confirmed;
    std::string certificate;
    if (kind == message_kind::thank_you && certificates::certificate_available(cfg_, r, domain::now())) {
        c.certificate_url = certificates::check_url_for(cfg_, r, key_);
        certificate = certificates::certificate_pdf_for(cfg_, r, key_);
    }
    rendered_message text = mailing ? render_mailing(item.subject, item.body, c, c.badge_attached)
                                    : render_message(*kind, c);

    email e;
    e.from = cfg_.mail.from;
    e.reply_to = cfg_.mail.reply_to;
    e.to_name = item.address.empty() ? r.first_name + " " + r.last_name : "";
    e.to_address = item.recipient();
    e.subject = text.subject;
    e.text = text.text;
    e.html = text.html;
    auto from = address_of(cfg_.mail.from);
    e.message_id = "outbox-" + std::to_string(item.id) + "." + cfg_.event.slug + from.substr(from.find('@'));
    e.date = domain::now();
    // An organisers' mailing is bulk mail: mail services expect its list and a one-click way out
    // (RFC 8058) that stops the mailings, never the transactional e-mails.
    if (mailing && !item.manage_token.empty()) {
        e.headers.push_back({"List-Id", "<" + cfg_.event.slug + "." + from.substr(from.find('@') + 1) + ">"});
        e.headers.push_back({"List-Unsubscribe", "<" + c.manage_url + "/unsubscribe>"});
        e.headers.push_back({"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"});
    }
    // A badge goes only with a confirmed registration, whatever the email announced when it was queued.
    if (text.with_badge && confirmed) {
        std::string ticket = tickets::ticket_text_for(cfg_, r, key_);
        ticket_fingerprint = tickets::fingerprint_of(ticket);
        std::string png = tickets::badge_png_for(ticket);
        e.attachments.push_back({"badge-qr.png", "image/png", png, std::string(badge_content_id)});
        e.attachments.push_back({"badge.pdf", "application/pdf", tickets::badge_pdf_for(cfg_, r, ticket), ""});
        e.attachments.push_back({"colloque.ics", "text/calendar; charset=utf-8; method=PUBLISH",
                                 tickets::event_ics_for(cfg_, r, c.manage_url), ""});
    }
    if (!certificate.empty())
        e.attachments.push_back({"attestation-de-presence.pdf", "application/pdf", std::move(certificate), ""});
    // The cancellation removes the entry the confirmation put in the attendee's calendar.
    bool says_cancelled = kind == message_kind::cancelled || kind == message_kind::confirmed ||
                          kind == message_kind::promoted || kind == message_kind::approved;
    if (r.state == domain::status::cancelled && says_cancelled)
        e.attachments.push_back({"annulation.ics", "text/calendar; charset=utf-8; method=CANCEL",
                                 tickets::event_ics_for(cfg_, r, c.manage_url, true), ""});
    return compose(e);
}

}  // namespace colloq::mail
