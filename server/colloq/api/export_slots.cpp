#include "colloq/api/export_slots.hpp"

#include <map>
#include <mutex>

namespace colloq::api {

struct export_slots::table {
    int per_account;
    mutable std::mutex mutex;
    std::map<long long, int> running;  // only accounts with an export running
};

export_slots::export_slots(int per_account) : table_(std::make_shared<table>()) {
    table_->per_account = per_account;
}

std::shared_ptr<void> export_slots::take(long long account) {
    {
        std::lock_guard lock(table_->mutex);
        int& n = table_->running[account];
        if (n >= table_->per_account) {
            if (n == 0) table_->running.erase(account);
            return nullptr;
        }
        ++n;
    }
    // Points at the table (never deleted through it) so that a slot tests true.
    return std::shared_ptr<void>(table_.get(), [t = table_, account](void*) {
        std::lock_guard lock(t->mutex);
        auto it = t->running.find(account);
        if (it != t->running.end() && --it->second <= 0) t->running.erase(it);
    });
}

int export_slots::running(long long account) const {
    std::lock_guard lock(table_->mutex);
    auto it = table_->running.find(account);
    return it == table_->running.end() ? 0 : it->second;
}

}  // namespace colloq::api
