#pragma once
// Requests counted by route and status, and their latency by route: the router names a route
// by its pattern ("/api/manage/{}/cancel"), never by the path asked, so that a stream of
// made-up paths or tokens cannot grow the table. Counting takes no lock.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "colloq/support/metrics.hpp"

namespace colloq::api {

class request_metrics {
public:
    request_metrics();
    ~request_metrics();
    request_metrics(request_metrics&&) noexcept;
    request_metrics& operator=(request_metrics&&) noexcept;

    // Called while routes are added, before serving: the index of the new route.
    int add_route(std::string method, std::string pattern);
    // `route`: an index from add_route, or -1 for a request no route took (unknown path,
    // refused before routing).
    void record(int route, int status, double seconds) const;
    void write(std::string& out) const;

private:
    struct counters;
    std::vector<std::unique_ptr<counters>> routes_;  // [0]: no route; [i + 1]: route i
};

}  // namespace colloq::api
