#include "colloq/domain/seats.hpp"

#include <algorithm>

namespace colloq::domain {

seat_book::seat_book(const config::config& cfg) : capacity_(cfg.event.capacity) {
    for (const auto& p : cfg.partners) quotas_[p.slug] = p.quota;
}

bool seat_book::fits(const std::optional<std::string>& partner) const {
    if (confirmed_ >= capacity_) return false;
    if (!partner) return true;
    auto q = quota_of(*partner);
    return !q || confirmed_of(*partner) < *q;
}

void seat_book::take(const std::optional<std::string>& partner) {
    ++confirmed_;
    if (partner) ++confirmed_by_partner_[*partner];
}

void seat_book::release(const std::optional<std::string>& partner) {
    if (confirmed_ > 0) --confirmed_;
    if (partner) {
        auto it = confirmed_by_partner_.find(*partner);
        if (it != confirmed_by_partner_.end() && it->second > 0) --it->second;
    }
}

int seat_book::remaining() const { return std::max(0, capacity_ - confirmed_); }

int seat_book::confirmed_of(const std::string& partner) const {
    auto it = confirmed_by_partner_.find(partner);
    return it == confirmed_by_partner_.end() ? 0 : it->second;
}

std::optional<int> seat_book::quota_of(const std::string& partner) const {
    auto it = quotas_.find(partner);
    return it == quotas_.end() ? std::nullopt : it->second;
}

int seat_book::remaining_of(const std::string& partner) const {
    auto q = quota_of(partner);
    int room = remaining();
    return q ? std::min(room, std::max(0, *q - confirmed_of(partner))) : room;
}

std::vector<std::size_t> seat_book::promotions(
    const std::vector<std::optional<std::string>>& waiting) const {
    seat_book trial = *this;
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < waiting.size() && trial.remaining() > 0; ++i) {
        if (!trial.fits(waiting[i])) continue;
        trial.take(waiting[i]);
        chosen.push_back(i);
    }
    return chosen;
}

}  // namespace colloq::domain
