#include "process_threads.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace colloq_it {

std::vector<thread_info> threads_of(pid_t pid) {
    std::vector<thread_info> out;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        thread_info t;
        std::ifstream comm(task.path() / "comm");
        if (!std::getline(comm, t.name)) continue;  // ended meanwhile
        std::ifstream stat_file(task.path() / "stat");
        std::string stat;
        try {
            stat.assign(std::istreambuf_iterator<char>(stat_file), std::istreambuf_iterator<char>());
        } catch (const std::exception&) {
            continue;  // ended between the two reads: reading its stat fails with ESRCH
        }
        // The fields after the name, which is in parentheses and may hold spaces: state is
        // field 3, utime 14 and stime 15.
        auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream fields(stat.substr(close + 2));
        std::string field;
        long long utime = 0, stime = 0;
        for (int i = 3; i <= 15 && fields >> field; ++i) {
            if (i == 14) utime = std::stoll(field);
            if (i == 15) stime = std::stoll(field);
        }
        t.cpu_ticks = utime + stime;
        out.push_back(std::move(t));
    }
    return out;
}

int threads_named(pid_t pid, const std::string& prefix) {
    int n = 0;
    for (const auto& t : threads_of(pid))
        if (t.name.rfind(prefix, 0) == 0) ++n;
    return n;
}

long long cpu_ticks_of(pid_t pid, const std::string& prefix) {
    long long ticks = 0;
    for (const auto& t : threads_of(pid))
        if (t.name.rfind(prefix, 0) == 0) ticks += t.cpu_ticks;
    return ticks;
}

}  // namespace colloq_it
