#pragma once
// Drains the outbox: composes each due email, sends it over SMTP (or writes it as an .eml
// file when no SMTP server is configured) and marks it sent. A server that cannot be reached
// pauses the whole worker; a recipient refused for now (greylisting) makes that email alone
// wait, with its own backoff, while the others go on; one refused for good is kept with its
// error and its link forgotten. It runs at the lowest priority: sending never slows
// registering down.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "colloq/config/config.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/store/store.hpp"
#include "colloq/tickets/signing.hpp"

namespace colloq::mail {

class smtp_client;
enum class failure;

class worker {
public:
    worker(const config::config& cfg, store::store& db, const tickets::key_pair& key, std::string spool_dir);
    ~worker();  // stops after the email in hand
    worker(const worker&) = delete;
    worker& operator=(const worker&) = delete;

    void wake();  // new rows were queued

private:
    struct outcome;
    void loop();
    // Sends what is due; returns when to look again.
    std::chrono::steady_clock::time_point send_due();
    outcome deliver(const store::outbox_item& item);
    // Sets `ticket_fingerprint` when the email carries a badge.
    std::string compose_for(const store::outbox_item& item, std::string& ticket_fingerprint);

    const config::config& cfg_;
    store::store& db_;
    const tickets::key_pair& key_;
    std::string spool_dir_;
    std::unique_ptr<smtp_client> smtp_;
    int consecutive_failures_ = 0;

    std::mutex mutex_;
    std::condition_variable cv_;
    bool woken_ = true;
    bool stopping_ = false;
    std::thread thread_;
};

// Seconds the worker pauses after `failures` server failures in a row: 1, 2, 4… up to `cap`.
std::chrono::seconds backoff(int failures, std::chrono::seconds cap);

// Seconds one email waits after its recipient was refused `deferrals` times for now (say,
// greylisting): retry_cap, then twice as long each time, up to 60 × retry_cap (1 min, 2, 4…
// up to 1 h with the default 60 s). Only that email waits.
std::chrono::seconds deferral_backoff(int deferrals, std::chrono::seconds retry_cap);

// An email refused for now this long after it was queued is refused for good, as a mail
// server gives up on a message after days in its queue.
inline constexpr std::chrono::hours give_up_after{24 * 5};
bool past_give_up(const std::string& created_at, domain::clock_time now);

}  // namespace colloq::mail
