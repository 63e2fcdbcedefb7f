#include "colloq/api/request_metrics.hpp"

namespace colloq::api {

namespace {

constexpr int lowest_status = 100, highest_status = 599;

std::vector<double> latency_bounds() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace

struct request_metrics::counters {
    counters(std::string m, std::string p) : labels("method=\"" + support::label_value(m) + "\",route=\"" +
                                                    support::label_value(p) + "\"") {}
    std::string labels;
    std::array<std::atomic<std::uint64_t>, highest_status - lowest_status + 1> by_status{};
    support::histogram latency{latency_bounds()};
};

request_metrics::request_metrics() { routes_.push_back(std::make_unique<counters>("", "(none)")); }
request_metrics::~request_metrics() = default;
request_metrics::request_metrics(request_metrics&&) noexcept = default;
request_metrics& request_metrics::operator=(request_metrics&&) noexcept = default;

int request_metrics::add_route(std::string method, std::string pattern) {
    routes_.push_back(std::make_unique<counters>(std::move(method), std::move(pattern)));
    return static_cast<int>(routes_.size()) - 2;
}

void request_metrics::record(int route, int status, double seconds) const {
    std::size_t slot = route >= 0 && static_cast<std::size_t>(route) + 1 < routes_.size()
                           ? static_cast<std::size_t>(route) + 1 : 0;
    auto& c = *routes_[slot];
    if (status >= lowest_status && status <= highest_status)
        c.by_status[static_cast<std::size_t>(status - lowest_status)].fetch_add(1, std::memory_order_relaxed);
    c.latency.observe(seconds);
}

void request_metrics::write(std::string& out) const {
    support::write_header(out, "colloq_http_requests_total", "counter",
                          "Requests answered, by route (its pattern) and status.");
    for (const auto& c : routes_) {
        for (std::size_t i = 0; i < c->by_status.size(); ++i) {
            auto n = c->by_status[i].load(std::memory_order_relaxed);
            if (n == 0) continue;
            support::write_sample(out, "colloq_http_requests_total",
                                  c->labels + ",status=\"" + std::to_string(lowest_status + static_cast<int>(i)) + "\"",
                                  static_cast<double>(n));
        }
    }
    support::write_header(out, "colloq_http_request_duration_seconds", "histogram",
                          "Time from the request's first byte to its answer's last, by route.");
    for (const auto& c : routes_)
        if (c->latency.count() > 0) c->latency.write(out, "colloq_http_request_duration_seconds", c->labels);
}

}  // namespace colloq::api
