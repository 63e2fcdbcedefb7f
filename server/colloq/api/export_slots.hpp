#pragma once
// How many exports each account runs at once. The table holds only the accounts that have an
// export running, so it never outgrows the number of export threads.
#include <memory>

namespace colloq::api {

class export_slots {
public:
    explicit export_slots(int per_account);

    // A slot, given back when the last copy of it is dropped (it may outlive this object);
    // nothing when the account runs `per_account` exports already.
    std::shared_ptr<void> take(long long account);
    int running(long long account) const;

private:
    struct table;
    std::shared_ptr<table> table_;
};

}  // namespace colloq::api
