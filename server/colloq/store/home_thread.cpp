#include "colloq/store/home_thread.hpp"

namespace colloq::store {

namespace {
thread_local home_thread this_thread_home;
}

void set_home_thread(home_thread run_there) { this_thread_home = std::move(run_there); }

const home_thread& home_of_this_thread() { return this_thread_home; }

}  // namespace colloq::store
