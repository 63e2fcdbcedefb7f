#pragma once
// Counters and histograms kept with atomics, so that counting costs no lock on the hot path,
// and the lines of Prometheus's text format that expose them (GET /metrics).
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace colloq::support {

class histogram {
public:
    explicit histogram(std::vector<double> upper_bounds);
    histogram(const histogram&) = delete;
    histogram& operator=(const histogram&) = delete;

    void observe(double value);
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

    // The `_bucket` (cumulative, with `le`), `_sum` and `_count` lines; `labels` is empty or
    // "name=\"value\",…" without braces.
    void write(std::string& out, std::string_view name, std::string_view labels) const;

private:
    std::vector<double> bounds_;
    std::vector<std::atomic<std::uint64_t>> buckets_;  // one per bound, then +Inf; not cumulative
    std::atomic<double> sum_{0};
    std::atomic<std::uint64_t> count_{0};
};

// A label value as the text format wants it: backslash, double quote and newline escaped.
std::string label_value(std::string_view value);

// "# HELP name help\n# TYPE name type\n"
void write_header(std::string& out, std::string_view name, std::string_view type, std::string_view help);
// "name{labels} value\n", without braces when `labels` is empty.
void write_sample(std::string& out, std::string_view name, std::string_view labels, double value);

}  // namespace colloq::support
