#pragma once
// Many logins for one account sent at once, each on its own connection, the right password
// last: what the limits let through when the attempts are all in flight together.
#include <string>
#include <vector>

namespace colloq_it {

struct burst_outcome {
    int hashed = 0;   // answered 401 or 200: the password was checked
    int limited = 0;  // answered 429
    int other = 0;    // anything else, or no answer
    int right_status = 0;  // the answer to the right password (the last attempt)
};

// `attempts` - 1 wrong passwords then the right one, spread in turn over the servers' ports.
burst_outcome login_burst(const std::vector<int>& ports, const std::string& email, const std::string& password,
                          int attempts);

}  // namespace colloq_it
