// The limits per client kept in the database (servers sharing it) on a real SQLite file: the
// same windows and holds as the in-memory limiter, and a bound on the keys no stream passes
// (max_keys, plus the keys added between two trims).
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include <soci/soci.h>

#include "colloq/crypto/secrets.hpp"
#include "colloq/store/client_limits.hpp"
#include "colloq/store/database.hpp"
#include "colloq/store/migrations.hpp"

namespace colloq::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

struct migrated_db {
    fs::path dir;
    std::unique_ptr<soci::session> sql;
    std::string secret;
    migrated_db() {
        std::random_device random;
        dir = fs::temp_directory_path() / ("colloq-limits-" + std::to_string(random()));
        fs::create_directories(dir);
        sql = open_session(parse_db_url("", dir.string()));
        apply_migrations(*sql, share_dir() + "/schema");
        secret = client_limits_secret(*sql);
    }
    ~migrated_db() {
        sql.reset();
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    long long rows(const std::string& scope) {
        long long n = 0;
        *sql << "SELECT COUNT(*) FROM client_limits WHERE scope = :s", soci::use(scope), soci::into(n);
        return n;
    }
};

const domain::clock_time t0 = domain::clock_time(hours(24 * 20000));

constexpr unsigned trim_every = 8;

limited_key key(std::string k, int limit = 3, seconds hold = seconds::max(), std::size_t max_keys = 100) {
    return {{"test", limit, minutes(15), hold, max_keys, trim_every}, std::move(k)};
}

TEST(client_limits, a_client_waits_once_at_the_limit_until_its_window_ends) {
    migrated_db db;
    auto k = key("203.0.113.7");
    for (int i = 0; i < 2; ++i) count_limit_event(*db.sql, db.secret, k, t0 + seconds(i));
    EXPECT_EQ(limit_wait(*db.sql, db.secret, k, t0 + seconds(2)), seconds(0));
    count_limit_event(*db.sql, db.secret, k, t0 + seconds(2));
    EXPECT_EQ(limit_wait(*db.sql, db.secret, k, t0 + seconds(3)), seconds(15 * 60 - 3));
    EXPECT_EQ(limit_wait(*db.sql, db.secret, key("203.0.113.8"), t0 + seconds(3)), seconds(0)) << "another client";
    EXPECT_EQ(limit_wait(*db.sql, db.secret, k, t0 + minutes(15)), seconds(0)) << "the window has passed";
    count_limit_event(*db.sql, db.secret, k, t0 + minutes(15));
    EXPECT_EQ(limit_wait(*db.sql, db.secret, k, t0 + minutes(15)), seconds(0)) << "a new window starts at one";
}

TEST(client_limits, a_hold_ends_the_refusal_soon_after_the_events_stop) {
    migrated_db db;
    auto k = key("someone@example.org", 2, seconds(60));
    count_limit_event(*db.sql, db.secret, k, t0);
    count_limit_event(*db.sql, db.secret, k, t0 + seconds(30));
    EXPECT_EQ(limit_wait(*db.sql, db.secret, k, t0 + seconds(40)), seconds(50));
    EXPECT_EQ(limit_wait(*db.sql, db.secret, k, t0 + seconds(90)), seconds(0));
}

TEST(client_limits, keys_are_stored_hashed_and_forgotten_on_request) {
    migrated_db db;
    auto k = key("198.51.100.1\nsomeone@example.org");
    count_limit_event(*db.sql, db.secret, k, t0);
    std::string stored;
    *db.sql << "SELECT client_key FROM client_limits", soci::into(stored);
    EXPECT_EQ(stored.find("198.51.100.1"), std::string::npos) << stored;
    EXPECT_EQ(stored.find("example.org"), std::string::npos) << stored;
    forget_limit_key(*db.sql, db.secret, k);
    EXPECT_EQ(db.rows("test"), 0);
}

TEST(client_limits, an_address_cannot_be_found_back_without_the_databases_secret) {
    migrated_db db, other;
    EXPECT_EQ(client_limits_secret(*db.sql), db.secret) << "made once, then read";
    EXPECT_NE(db.secret, other.secret);
    count_limit_event(*db.sql, db.secret, key("203.0.113.7"), t0);
    count_limit_event(*other.sql, other.secret, key("203.0.113.7"), t0);
    std::string here, there;
    *db.sql << "SELECT client_key FROM client_limits", soci::into(here);
    *other.sql << "SELECT client_key FROM client_limits", soci::into(there);
    // Hashing every candidate address without the secret finds nothing; each database hashes apart.
    EXPECT_NE(here, crypto::hash_token("203.0.113.7"));
    EXPECT_NE(here, there);
    EXPECT_EQ(here, crypto::keyed_hash(db.secret, "203.0.113.7"));
}

TEST(client_limits, an_event_given_back_no_longer_counts_unless_its_window_started_again) {
    migrated_db db;
    auto k = key("203.0.113.9", 2);
    count_limit_event(*db.sql, db.secret, k, t0);
    count_limit_event(*db.sql, db.secret, k, t0 + seconds(1));
    EXPECT_GT(limit_wait(*db.sql, db.secret, k, t0 + seconds(2)), seconds(0));
    give_back_limit_event(*db.sql, db.secret, k, domain::format_utc(t0 + seconds(1)));
    EXPECT_EQ(limit_wait(*db.sql, db.secret, k, t0 + seconds(2)), seconds(0));
    // Counted in a window that has since ended: the new window's count is left alone.
    count_limit_event(*db.sql, db.secret, k, t0 + minutes(16));
    count_limit_event(*db.sql, db.secret, k, t0 + minutes(16));
    give_back_limit_event(*db.sql, db.secret, k, domain::format_utc(t0 + seconds(1)));
    EXPECT_GT(limit_wait(*db.sql, db.secret, k, t0 + minutes(16)), seconds(0));
}

TEST(client_limits, a_stream_of_new_clients_never_passes_the_bound_and_the_earliest_go_first) {
    migrated_db db;
    for (int i = 0; i < 250; ++i) {
        count_limit_event(*db.sql, db.secret, key("client" + std::to_string(i), 1, seconds::max(), 40), t0 + seconds(i));
        ASSERT_LE(db.rows("test"), 40 + trim_every) << "after " << i + 1 << " clients";
    }
    EXPECT_EQ(limit_wait(*db.sql, db.secret, key("client249", 1), t0 + seconds(250)), seconds(15 * 60 - 1)) << "the latest is kept";
    EXPECT_EQ(limit_wait(*db.sql, db.secret, key("client0", 1), t0 + seconds(250)), seconds(0)) << "the earliest went";
    // Long keys cost no more than short ones.
    count_limit_event(*db.sql, db.secret, key(std::string(100000, 'x'), 1, seconds::max(), 40), t0 + seconds(300));
    std::size_t longest = 0;
    *db.sql << "SELECT MAX(LENGTH(client_key)) FROM client_limits", soci::into(longest);
    EXPECT_LE(longest, 100u);
}

TEST(client_limits, expired_keys_go_as_new_ones_come) {
    migrated_db db;
    for (int i = 0; i < 10; ++i) count_limit_event(*db.sql, db.secret, key("early" + std::to_string(i)), t0);
    for (unsigned i = 0; i < trim_every; ++i) count_limit_event(*db.sql, db.secret, key("late" + std::to_string(i)), t0 + minutes(16));
    long long early = 0;
    std::string after_early = domain::format_utc(t0 + minutes(1));  // SOCI binds it when the statement runs
    *db.sql << "SELECT COUNT(*) FROM client_limits WHERE window_start < :t", soci::use(after_early), soci::into(early);
    EXPECT_EQ(early, 0);
    EXPECT_EQ(db.rows("test"), trim_every);
}

}  // namespace
}  // namespace colloq::store
