#include <gtest/gtest.h>

#include "colloq/api/export_slots.hpp"

namespace colloq::api {
namespace {

TEST(export_slots, an_account_gets_two_and_a_third_is_refused) {
    export_slots slots(2);
    auto first = slots.take(7);
    auto second = slots.take(7);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_FALSE(slots.take(7));
    EXPECT_TRUE(slots.take(8)) << "another account has its own share";
    EXPECT_EQ(slots.running(7), 2);
}

TEST(export_slots, a_slot_comes_back_when_its_last_copy_is_dropped) {
    export_slots slots(2);
    auto first = slots.take(7);
    auto copy = first;
    auto second = slots.take(7);
    first.reset();
    EXPECT_FALSE(slots.take(7)) << "a copy still holds the slot";
    copy.reset();
    EXPECT_TRUE(slots.take(7));
    second.reset();
    EXPECT_EQ(slots.running(7), 0);
}

TEST(export_slots, a_refusal_leaves_nothing_in_the_table_and_a_slot_may_outlive_it) {
    std::shared_ptr<void> kept;
    {
        export_slots slots(0);
        for (long long account = 0; account < 1000; ++account) EXPECT_FALSE(slots.take(account));
        EXPECT_EQ(slots.running(3), 0);
        export_slots other(1);
        kept = other.take(1);
    }
    kept.reset();  // gives its slot back to a table that its owner no longer holds
}

}  // namespace
}  // namespace colloq::api
