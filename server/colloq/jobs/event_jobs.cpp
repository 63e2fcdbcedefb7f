#include "colloq/jobs/event_jobs.hpp"

#include <iomanip>
#include <iostream>

#include "colloq/jobs/purge.hpp"
#include "colloq/support/wait_for.hpp"

namespace colloq::jobs {

namespace {

using support::wait_for;

// A mailing the server sends by itself, once: its job key is recorded with its e-mails.
dated_job mailing_job(store::store& db, std::string name, domain::clock_time due, store::mailing_draft draft,
                      std::optional<domain::instant> deadline) {
    return {name, due, [&db, name, draft = std::move(draft), deadline] {
        auto reply = wait_for<store::mailing_reply>(
            [&](auto done) { db.queue_mailing(draft, deadline, std::move(done)); });
        if (reply.failed) return false;
        if (reply.queued)
            std::cerr << "colloq: " << name << " queued for " << reply.queued->recipients << " registrations\n";
        return true;
    }};
}

}  // namespace

std::vector<dated_job> event_jobs(const config::config& cfg, store::store& db, const std::string& spool_dir) {
    std::vector<dated_job> jobs;
    if (cfg.security_list)
        jobs.push_back({"security list freeze", cfg.security_list->due_at.utc, [&db] {
            auto reply = wait_for<store::freeze_reply>([&](auto done) { db.freeze_security_list_if_due(std::move(done)); });
            if (reply.failed) return false;
            if (reply.frozen)
                std::cerr << "colloq: security list frozen at its due time: version " << reply.frozen->version
                          << ", " << reply.frozen->entries << " on it\n";
            return true;
        }});
    for (const auto& r : cfg.reminders) {
        store::mailing_draft draft;
        draft.kind = "reminder";
        draft.job_key = r.key;
        draft.subject = "Rappel";
        draft.attach_badge = r.attach_badge;
        draft.to.statuses = {*domain::status_from(r.to)};
        draft.audience_json = "{\"status\":[\"" + r.to + "\"]}";
        jobs.push_back(mailing_job(db, r.key, r.due.utc, std::move(draft), cfg.event.starts_at));
    }
    if (cfg.after_event.thank_you) {
        store::mailing_draft draft;
        draft.kind = "thank_you";
        draft.job_key = "thank_you";
        draft.subject = "Merci de votre participation";
        draft.to.statuses = {domain::status::confirmed};
        draft.to.checked_in = true;
        draft.audience_json = "{\"status\":[\"confirmed\"],\"checked_in\":true}";
        jobs.push_back(mailing_job(db, "thank-you", cfg.event.ends_at.utc, std::move(draft), std::nullopt));
    }
    if (auto purge_at = cfg.purge_at()) {
        dated_job purge{"purge", *purge_at, [&db, spool_dir] {
            auto summary = run_purge(db, spool_dir, false);
            if (summary.anonymised)
                std::cerr << "colloq: purge: " << summary.anonymised << " registrations anonymised in "
                          << std::fixed << std::setprecision(2) << summary.seconds << " s, " << summary.spooled_files
                          << " spooled e-mails deleted\n";
            return !summary.failed;
        }};
        purge.every = cfg.privacy.purge_interval;
        jobs.push_back(std::move(purge));
    }
    return jobs;
}

}  // namespace colloq::jobs
