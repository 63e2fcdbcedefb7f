#pragma once
// The server's threads as Linux shows them in /proc: their names and the CPU time they used,
// to tell which threads did a piece of work and whether a thread was given back.
#include <string>
#include <vector>

#include <sys/types.h>

namespace colloq_it {

struct thread_info {
    std::string name;        // as set by pthread_setname_np (15 characters at most)
    long long cpu_ticks = 0;  // user + system, in clock ticks
};

std::vector<thread_info> threads_of(pid_t pid);
// How many threads have a name starting with `prefix`, and their CPU time together.
int threads_named(pid_t pid, const std::string& prefix);
long long cpu_ticks_of(pid_t pid, const std::string& prefix);

}  // namespace colloq_it
