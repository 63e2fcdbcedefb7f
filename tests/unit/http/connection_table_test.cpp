#include <gtest/gtest.h>

#include "colloq/http/connection_table.hpp"

using colloq::http::activity;
using colloq::http::connection_bound;
using colloq::http::connection_slot;
using colloq::http::connection_table;

namespace {

using clock_type = std::chrono::steady_clock;
const clock_type::time_point t0 = clock_type::now();

std::shared_ptr<connection_slot> slot(connection_table& table, activity a, int at_ms) {
    auto s = std::make_shared<connection_slot>();
    s->set(a, t0 + std::chrono::milliseconds(at_ms));
    table.add(s);
    return s;
}

}  // namespace

TEST(connection_table, the_longest_idle_go_first_then_the_slowest_readers_never_the_busy) {
    connection_table table;
    auto busy_old = slot(table, activity::busy, 0);
    auto reading_old = slot(table, activity::reading, 1);
    auto idle_new = slot(table, activity::idle, 30);
    auto idle_old = slot(table, activity::idle, 10);
    auto reading_new = slot(table, activity::reading, 20);
    auto idle_mid = slot(table, activity::idle, 15);
    EXPECT_EQ(table.size(), 6u);

    auto first = table.choose(2);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0], idle_old);
    EXPECT_EQ(first[1], idle_mid);
    EXPECT_EQ(table.staying(), 4u);
    // Those already chosen are not chosen twice.
    auto next = table.choose(3);
    ASSERT_EQ(next.size(), 3u);
    EXPECT_EQ(next[0], idle_new);
    EXPECT_EQ(next[1], reading_old);
    EXPECT_EQ(next[2], reading_new);
    EXPECT_TRUE(table.choose(5).empty()) << "a busy connection was chosen";
    EXPECT_EQ(table.staying(), 1u);
    EXPECT_EQ(table.size(), 6u);
}

TEST(connection_table, a_chosen_connection_woken_by_a_request_is_spared_and_counts_again) {
    connection_table table;
    auto a = slot(table, activity::idle, 0);
    auto b = slot(table, activity::idle, 5);
    auto chosen = table.choose(1);
    ASSERT_EQ(chosen.size(), 1u);
    EXPECT_EQ(chosen[0], a);
    EXPECT_TRUE(a->unchanged_since_chosen());
    a->set(activity::reading, t0 + std::chrono::milliseconds(7));
    EXPECT_FALSE(a->unchanged_since_chosen());
    table.spare(*a);
    EXPECT_EQ(table.staying(), 2u);
    a->set(activity::idle, t0 + std::chrono::milliseconds(9));
    EXPECT_EQ(table.choose(1)[0], b) << "b is now the longest idle";
    // Removing a chosen connection forgets it; removing twice does nothing.
    table.remove(*b);
    table.remove(*b);
    EXPECT_EQ(table.size(), 1u);
    EXPECT_EQ(table.staying(), 1u);
    table.remove(*a);
    EXPECT_EQ(table.size(), 0u);
}

TEST(connection_table, the_bound_keeps_descriptors_for_the_rest_of_the_server) {
    EXPECT_EQ(connection_bound(10000, 1024, 2), 1024u - 134u);
    EXPECT_EQ(connection_bound(50, 1024, 2), 50u);
    EXPECT_EQ(connection_bound(10000, 1048576, 8), 10000u);
    EXPECT_LT(connection_bound(10000, 1024, 64), 1024u - 128u);
    // A tiny limit still leaves some connections, and never more than it holds.
    EXPECT_EQ(connection_bound(10000, 100, 2), 50u);
    EXPECT_GE(connection_bound(10000, 1, 2), 1u);
}
