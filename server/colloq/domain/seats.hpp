#pragma once
// The seat policy: a hard event capacity, optional partner quotas, first come first served.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "colloq/config/config.hpp"

namespace colloq::domain {

// Confirmed seats by partner ("" for the public), against the configured limits.
class seat_book {
public:
    explicit seat_book(const config::config& cfg);

    bool fits(const std::optional<std::string>& partner) const;
    void take(const std::optional<std::string>& partner);
    void release(const std::optional<std::string>& partner);

    int capacity() const { return capacity_; }
    int confirmed() const { return confirmed_; }
    int remaining() const;
    int confirmed_of(const std::string& partner) const;
    std::optional<int> quota_of(const std::string& partner) const;
    // Seats this partner's members can still take: its quota's room, within the event's.
    int remaining_of(const std::string& partner) const;

    // Which of the waiting registrations (their partners, in arrival order) get the free
    // seats: each in turn if it fits, skipping those whose partner quota is full.
    std::vector<std::size_t> promotions(const std::vector<std::optional<std::string>>& waiting) const;

private:
    int capacity_;
    int confirmed_ = 0;
    std::map<std::string, std::optional<int>, std::less<>> quotas_;
    std::map<std::string, int, std::less<>> confirmed_by_partner_;
};

// Everything the public counts show, kept current by the store after each commit.
struct tally {
    explicit tally(const config::config& cfg) : seats(cfg) {}
    seat_book seats;
    int waitlisted = 0;
    int pending = 0;
    int cancelled = 0;
    int checked_in = 0;
    long long version = 0;  // bumped on every change, so readers can cache what they derive
};

}  // namespace colloq::domain
