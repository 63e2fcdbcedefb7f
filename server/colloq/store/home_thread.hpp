#pragma once
// The thread a store reply goes back to. Each HTTP thread runs an event loop and says how to
// hand it work: a reply is then turned into an answer on the connection's own thread, and the
// writer and the readers go straight back to the database instead of building answers.
#include <functional>

namespace colloq::store {

using home_thread = std::function<void(std::function<void()>)>;

// For the calling thread, for as long as it runs.
void set_home_thread(home_thread run_there);

// Empty on a thread that set none (the mail worker, the password hasher, the command line).
const home_thread& home_of_this_thread();

}  // namespace colloq::store
