// The SQL of staff accounts and API tokens on a real SQLite file: the migration that gave
// tokens their lifetime, and what disabling and revoking leave in the tables.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include <soci/soci.h>

#include "colloq/store/database.hpp"
#include "colloq/store/migrations.hpp"
#include "colloq/store/staff.hpp"

namespace colloq::store {
namespace {

namespace fs = std::filesystem;

struct scratch_db {
    fs::path dir;
    std::unique_ptr<soci::session> sql;
    scratch_db() {
        std::random_device random;
        dir = fs::temp_directory_path() / ("colloq-staff-" + std::to_string(random()));
        fs::create_directories(dir / "schema");
        sql = open_session(parse_db_url("", dir.string()));
    }
    ~scratch_db() {
        sql.reset();
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    // Copies the project's migrations up to `last` into this database's own schema folder.
    void migrate_up_to(int last) {
        for (const auto& m : list_migrations(share_dir() + "/schema"))
            if (m.version <= last)
                fs::copy_file(m.path, dir / "schema" / fs::path(m.path).filename(), fs::copy_options::skip_existing);
        apply_migrations(*sql, (dir / "schema").string());
    }
};

std::string text(soci::session& sql, const std::string& query) {
    std::string out;
    soci::indicator ind;
    sql << query, soci::into(out, ind);
    return ind == soci::i_ok ? out : "<null>";
}

TEST(staff_store, tokens_made_before_they_could_expire_get_a_year) {
    scratch_db db;
    db.migrate_up_to(8);
    *db.sql << "INSERT INTO staff (id, email, role, partner, password_hash, created_at) "
               "VALUES (1, 'a@example.org', 'admin', '', 'x', '2024-01-01T00:00:00.000Z')";
    *db.sql << "INSERT INTO api_tokens (id, staff_id, token_hash, created_at) VALUES "
               "(1, 1, 'h1', '2026-12-03T06:43:57.123Z'), (2, 1, 'h2', '2024-02-29T10:00:00.000Z')";
    db.migrate_up_to(9);
    EXPECT_EQ(text(*db.sql, "SELECT expires_at FROM api_tokens WHERE id = 1"), "2027-12-03T06:43:57.123Z");
    EXPECT_EQ(text(*db.sql, "SELECT expires_at FROM api_tokens WHERE id = 2"), "2025-03-01T10:00:00.000Z");
    auto token = find_api_token(*db.sql, 1);
    ASSERT_TRUE(token);
    EXPECT_FALSE(token->revoked);
    EXPECT_EQ(token->last_used_at, "");
    EXPECT_FALSE(token->staff.disabled);
}

TEST(staff_store, disabling_ends_sessions_revokes_tokens_and_enabling_keeps_them_revoked) {
    scratch_db db;
    db.migrate_up_to(999);
    auto& sql = *db.sql;
    std::string t0 = "2030-01-01T00:00:00.000Z", t1 = "2030-01-02T00:00:00.000Z";
    auto a = insert_staff(sql, {0, "a@example.org", "door", "", "x"}, t0);
    auto b = insert_staff(sql, {0, "b@example.org", "door", "", "x"}, t0);
    ASSERT_TRUE(a && b);
    long long session_a = insert_session(sql, *a, "s", "c", t0, "2030-01-01T12:00:00.000Z");
    long long session_b = insert_session(sql, *b, "s", "c", t0, "2030-01-01T12:00:00.000Z");
    long long token_a = insert_api_token(sql, *a, "h", t0, "2031-01-01T00:00:00.000Z");
    long long token_b = insert_api_token(sql, *b, "h", t0, "2031-01-01T00:00:00.000Z");

    EXPECT_FALSE(set_staff_disabled(sql, "nobody@example.org", true, t1));
    ASSERT_TRUE(set_staff_disabled(sql, "a@example.org", true, t1));
    EXPECT_FALSE(find_session(sql, session_a)) << "a disabled account's session lives on";
    EXPECT_TRUE(find_session(sql, session_b));
    EXPECT_TRUE(find_api_token(sql, token_a)->revoked);
    EXPECT_TRUE(find_api_token(sql, token_a)->staff.disabled);
    EXPECT_FALSE(find_api_token(sql, token_b)->revoked);
    EXPECT_TRUE(find_staff_by_email(sql, "a@example.org")->disabled);

    ASSERT_TRUE(set_staff_disabled(sql, "a@example.org", false, t1));
    EXPECT_FALSE(find_staff_by_email(sql, "a@example.org")->disabled);
    EXPECT_TRUE(find_api_token(sql, token_a)->revoked) << "enabling brought a revoked token back";

    auto all = all_staff(sql);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].email, "a@example.org");

    EXPECT_EQ(revoke_api_token(sql, token_b, t1), revoke_outcome::revoked);
    EXPECT_EQ(revoke_api_token(sql, token_b, t1), revoke_outcome::already_revoked);
    EXPECT_EQ(revoke_api_token(sql, 999, t1), revoke_outcome::unknown);

    record_token_use(sql, token_b, t1);
    auto listed = list_api_tokens(sql, "b@example.org");
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, token_b);
    EXPECT_EQ(listed[0].last_used_at, t1);
    EXPECT_EQ(listed[0].revoked_at, t1);
    EXPECT_EQ(listed[0].expires_at, "2031-01-01T00:00:00.000Z");
    EXPECT_EQ(list_api_tokens(sql, "").size(), 2u);
}

}  // namespace
}  // namespace colloq::store
