#include <gtest/gtest.h>

#include "colloq/domain/seats.hpp"

namespace colloq::domain {
namespace {

config::config event_with(int capacity, std::vector<config::partner> partners) {
    config::config c = config::builtin();
    c.event.capacity = capacity;
    c.partners = std::move(partners);
    return c;
}

const std::optional<std::string> public_ = std::nullopt;
const std::optional<std::string> dextera = std::string("dextera");
const std::optional<std::string> dircab = std::string("dircab");

TEST(seat_book, confirms_until_capacity_then_refuses) {
    seat_book book(event_with(2, {}));
    EXPECT_TRUE(book.fits(public_));
    book.take(public_);
    book.take(public_);
    EXPECT_FALSE(book.fits(public_));
    EXPECT_EQ(book.remaining(), 0);
}

TEST(seat_book, partner_quota_limits_only_that_partner) {
    seat_book book(event_with(10, {{"dextera", "Dextera", 1, false}, {"dircab", "Dircab", std::nullopt, false}}));
    book.take(dextera);
    EXPECT_FALSE(book.fits(dextera));
    EXPECT_TRUE(book.fits(dircab));
    EXPECT_TRUE(book.fits(public_));
    EXPECT_EQ(book.remaining_of("dextera"), 0);
    EXPECT_EQ(book.remaining_of("dircab"), 9);
}

TEST(seat_book, remaining_of_partner_is_bounded_by_event_room) {
    seat_book book(event_with(3, {{"dextera", "Dextera", 10, false}}));
    book.take(public_);
    book.take(public_);
    EXPECT_EQ(book.remaining_of("dextera"), 1);
}

TEST(seat_book, release_frees_both_event_and_partner_seat) {
    seat_book book(event_with(1, {{"dextera", "Dextera", 1, false}}));
    book.take(dextera);
    EXPECT_FALSE(book.fits(public_));
    book.release(dextera);
    EXPECT_TRUE(book.fits(dextera));
    EXPECT_EQ(book.confirmed_of("dextera"), 0);
}

TEST(seat_book, promotion_skips_waiting_people_whose_partner_is_full) {
    // One seat frees; Dextera's quota is full; the first Dextera person in line must not take
    // it: the next one who fits (a Dircab member) does.
    seat_book book(event_with(3, {{"dextera", "Dextera", 1, false}, {"dircab", "Dircab", std::nullopt, false}}));
    book.take(dextera);
    book.take(dircab);
    auto chosen = book.promotions({dextera, dextera, dircab, public_});
    ASSERT_EQ(chosen.size(), 1u);
    EXPECT_EQ(chosen[0], 2u);
}

TEST(seat_book, promotion_is_first_come_first_served_for_several_seats) {
    seat_book book(event_with(3, {}));
    book.take(public_);
    auto chosen = book.promotions({public_, public_, public_});
    EXPECT_EQ(chosen, (std::vector<std::size_t>{0, 1}));
}

TEST(seat_book, no_promotion_without_free_seat) {
    seat_book book(event_with(1, {}));
    book.take(public_);
    EXPECT_TRUE(book.promotions({public_}).empty());
}

TEST(seat_book, quota_within_promotion_counts_earlier_promotions) {
    seat_book book(event_with(5, {{"dextera", "Dextera", 2, false}}));
    book.take(dextera);
    auto chosen = book.promotions({dextera, dextera, public_});
    EXPECT_EQ(chosen, (std::vector<std::size_t>{0, 2}));
}

}  // namespace
}  // namespace colloq::domain
