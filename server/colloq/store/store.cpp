#include "colloq/store/store.hpp"

#include "colloq/domain/time.hpp"
#include "colloq/store/checkpointer.hpp"
#include "colloq/store/export_threads.hpp"
#include "colloq/store/registrations.hpp"
#include "colloq/store/store_access.hpp"

namespace colloq::store {

store::store(const location& where, const config::config& cfg, int read_threads)
    : cfg_(cfg),
      stamp_(where.kind == backend::sqlite ? where.sqlite_path : ""),
      writer_(std::make_unique<writer>(where, cfg)),
      readers_(std::make_unique<readers>(where, read_threads)),
      exports_(std::make_unique<export_threads>(where, max_exports)),
      shared_(where.kind == backend::postgresql),
      marks_(cfg.security_list.has_value()) {
    if (where.kind == backend::sqlite) checkpointer_ = std::make_unique<checkpointer>(where);
    if (shared_) limits_secret_ = client_limits_secret(*open_session(where));
    if (cfg.security_list) {
        auto latest = latest_security_ids(*open_session(where));
        marks_.set(latest.version, std::move(latest.frozen_at), std::move(latest.ids));
        // A version frozen by another server on the same database: the door's marks follow.
        writer_->on_catch_up([this](soci::session& sql) {
            int version = 0;
            sql << "SELECT COALESCE(MAX(version), 0) FROM security_list_versions", soci::into(version);
            if (version == marks_.version()) return;
            auto now_frozen = latest_security_ids(sql);
            marks_.set(now_frozen.version, std::move(now_frozen.frozen_at), std::move(now_frozen.ids));
        });
    }
    // Seats may have been freed while stopped (a larger capacity in the config).
    writer_->submit([](write_context& ctx) { promote_waiting(ctx); }, [](bool) {});
}

store::~store() { stop(); }

void store::stop() {
    writer_->stop();
    readers_->stop();
    exports_->stop();
    checkpointer_.reset();
}

std::shared_ptr<const domain::tally> store::tally() const { return writer_->tally(); }

namespace {

// The writer group's time, as the limits count it.
domain::clock_time group_time(const write_context& ctx) {
    auto t = domain::parse_rfc3339(ctx.now);
    return t ? t->utc : domain::now();
}

void write_registration(const new_registration& n, const std::optional<limited_key>& limited_by,
                        const std::string& limits_secret, write_context& ctx, register_reply& reply) {
    auto now = group_time(ctx);
    if (limited_by && (reply.retry_after = limit_wait(ctx.sql, limits_secret, *limited_by, now).count()) > 0) return;
    added result = add_registration(ctx, n);
    if (limited_by && !result.already_registered && !result.full)
        count_limit_event(ctx.sql, limits_secret, *limited_by, now);
    reply.already_registered = result.already_registered;
    reply.full = result.full;
    reply.reg = std::move(result.reg);
    reply.manage_token = std::move(result.manage_token);
}

}  // namespace

void store::register_applicant(domain::applicant a, const registration_options& how,
                               std::function<void(register_reply)> done) {
    new_registration n = prepare_registration(std::move(a));
    n.made_by = how.staff_id;
    n.audit_action = how.guest ? "register_guest" : "register";
    n.send_email = how.send_email;
    n.guest = how.guest;
    n.waitlist_only = how.waitlist_only;
    n.consent_version = consent_version_;
    write<register_reply>([this, n = std::move(n), limited_by = how.limited_by](write_context& ctx, register_reply& reply) {
        write_registration(n, limited_by, limits_secret_, ctx, reply);
    }, std::move(done));
}

void store::find_by_id(long long id, std::function<void(lookup_reply)> done) {
    read<lookup_reply>(
        [id, event = cfg_.event.slug](soci::session& sql, lookup_reply& r) {
            r.reg = find_registration(sql, id);
            if (r.reg && r.reg->event != event) r.reg.reset();
        },
        std::move(done));
}

void store::find_by_manage_token(const std::string& token, std::function<void(lookup_reply)> done) {
    read<lookup_reply>(
        [token, event = cfg_.event.slug](soci::session& sql, lookup_reply& r) {
            if (auto id = registration_for_token(sql, token)) {
                r.reg = find_registration(sql, *id);
                if (r.reg && r.reg->event != event) r.reg.reset();
            }
        },
        std::move(done));
}

void store::cancel_by_manage_token(const std::string& token, std::function<void(cancel_reply)> done) {
    write<cancel_reply>(
        [token](write_context& ctx, cancel_reply& reply) {
            auto id = registration_for_token(ctx.sql, token);
            if (!id) return;
            cancelled result = cancel_registration(ctx, *id);
            if (result.found) reply.reg = std::move(result.reg);
        },
        std::move(done));
}

void store::list_registrations(registration_filter filter, std::function<void(list_reply)> done) {
    read<list_reply>(
        [filter = std::move(filter), event = cfg_.event.slug](soci::session& sql, list_reply& r) {
            r.registrations = colloq::store::list_registrations(sql, event, filter);
        },
        std::move(done));
}

bool store::export_registrations(registration_filter filter, registration_order order,
                                 std::function<void(const std::vector<std::string>&)> begin,
                                 std::function<bool(const domain::registration&)> each,
                                 std::function<void(bool ok)> done) {
    return exports_->start([filter = std::move(filter), order, begin = std::move(begin), each = std::move(each),
                            done = std::move(done), event = cfg_.event.slug](soci::session* sql) {
        bool ok = sql != nullptr;
        if (sql) {
            try {
                begin(answered_question_ids(*sql));
                for_each_registration(*sql, event, filter, order, each);
            } catch (const std::exception& e) {
                std::cerr << "colloq: export read failed: " << e.what() << "\n";
                ok = false;
            }
        }
        done(ok);
    });
}

void store::due_mail(int limit, int bulk_limit, std::function<void(mail_reply)> done) {
    auto take = [limit, bulk_limit](soci::session& sql, mail_reply& r, const std::string& now) {
        r.items = colloq::store::due_mail(sql, now, limit, bulk_limit);
        if (r.items.empty()) r.next_due = next_mail_due(sql);
    };
    auto look = [take](soci::session& sql, mail_reply& r) { take(sql, r, domain::format_utc(domain::now())); };
    if (!shared_) return read<mail_reply>(look, std::move(done));
    // Another server's worker must not take the same rows: they are claimed in the writer's
    // transaction, which one server runs at a time. A look first, so that an idle worker
    // does not write (each write makes the other servers read their counts again).
    read<mail_reply>(look, [this, take, done = std::move(done)](mail_reply seen) mutable {
        if (seen.failed || seen.items.empty()) return done(std::move(seen));
        write<mail_reply>(
            [this, take](write_context& ctx, mail_reply& r) {
                take(ctx.sql, r, ctx.now);
                claim_mail(ctx.sql, r.items, domain::format_utc(domain::now() + mail_claim), server_id_);
            },
            std::move(done));
    });
}

namespace {
struct done_reply {
    bool failed = false;
};
std::function<void(done_reply)> as_bool(std::function<void(bool)> done) {
    return [done = std::move(done)](done_reply r) { done(!r.failed); };
}
}  // namespace

void store::mark_mail_sent(std::vector<sent_mail> sent, std::function<void(marked_reply)> done) {
    write<marked_reply>([sent = std::move(sent)](write_context& ctx, marked_reply& r) {
        r.gone = mark_sent(ctx.sql, sent, ctx.now);
    }, std::move(done));
}

void store::reschedule_mail(long long id, int attempts, std::string next_attempt_at, std::string error,
                            std::function<void(bool)> done) {
    write<done_reply>(
        [=](write_context& ctx, done_reply&) {
            colloq::store::reschedule_mail(ctx.sql, id, attempts, next_attempt_at, error);
        },
        as_bool(std::move(done)));
}

void store::note_mail_error(long long id, std::string error, std::function<void(bool)> done) {
    write<done_reply>([=](write_context& ctx, done_reply&) { colloq::store::note_mail_error(ctx.sql, id, error); },
                      as_bool(std::move(done)));
}

void store::give_up_mail(long long id, int attempts, std::string error, std::function<void(bool)> done) {
    write<done_reply>(
        [=](write_context& ctx, done_reply&) { colloq::store::give_up_mail(ctx.sql, id, attempts, error); },
        as_bool(std::move(done)));
}

void store::take_back_mail_claims(std::string server_id, std::function<void(bool)> done) {
    server_id_ = server_id;
    if (!shared_) return done(true);
    write<done_reply>([id = std::move(server_id)](write_context& ctx, done_reply&) { release_mail_claims_of(ctx.sql, id); },
                      as_bool(std::move(done)));
}

void store::release_mail(std::vector<long long> ids, std::function<void(bool)> done) {
    if (!shared_) return done(true);  // nothing was claimed
    write<done_reply>([ids = std::move(ids)](write_context& ctx, done_reply&) { release_mail_claims(ctx.sql, ids); },
                      as_bool(std::move(done)));
}

void store::take_limit_events(std::vector<limited_key> keys, std::function<void(wait_reply)> done) {
    write<wait_reply>([this, keys = std::move(keys)](write_context& ctx, wait_reply& r) {
        auto now = group_time(ctx);
        for (const auto& k : keys) r.seconds = std::max<long long>(r.seconds, limit_wait(ctx.sql, limits_secret_, k, now).count());
        if (r.seconds > 0) return;
        for (const auto& k : keys) count_limit_event(ctx.sql, limits_secret_, k, now);
        r.counted_at = domain::format_utc(now);
    }, std::move(done));
}

void store::give_back_limit_events(std::vector<limited_key> keys, std::string counted_at,
                                   std::vector<limited_key> forget, std::function<void(bool)> done) {
    write<done_reply>([this, keys = std::move(keys), at = std::move(counted_at), forget = std::move(forget)](
                          write_context& ctx, done_reply&) {
        for (const auto& k : keys) give_back_limit_event(ctx.sql, limits_secret_, k, at);
        for (const auto& k : forget) forget_limit_key(ctx.sql, limits_secret_, k);
    }, as_bool(std::move(done)));
}

void store::on_mail_queued(std::function<void()> listener) { writer_->on_outbox_insert(std::move(listener)); }

void store::mail_backlog(std::function<void(backlog_reply)> done) {
    read<backlog_reply>([](soci::session& sql, backlog_reply& r) { r.by_state = count_mail_by_state(sql); }, std::move(done));
}

const support::histogram& store::writer_group_sizes() const { return writer_->group_sizes(); }

void store::ping(std::function<void(bool ok)> done) {
    read<done_reply>(
        [](soci::session& sql, done_reply&) {
            int one = 0;
            sql << "SELECT 1", soci::into(one);
        },
        as_bool(std::move(done)));
}

}  // namespace colloq::store
