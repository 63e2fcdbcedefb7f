#include "colloq/support/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace colloq::support {

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), buckets_(bounds_.size() + 1) {}

void histogram::observe(double value) {
    auto slot = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    buckets_[static_cast<std::size_t>(slot)].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
}

namespace {

void append_number(std::string& out, double value) {
    if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
        return;
    }
    char text[32];
    auto [end, ec] = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed);
    out.append(text, end);
}

void open_labels(std::string& out, std::string_view name, std::string_view labels, bool more) {
    out += name;
    if (labels.empty() && !more) return;
    out += '{';
    out += labels;
    if (!labels.empty() && more) out += ',';
}

}  // namespace

void histogram::write(std::string& out, std::string_view name, std::string_view labels) const {
    std::string bucket = std::string(name) + "_bucket";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        open_labels(out, bucket, labels, true);
        out += "le=\"";
        append_number(out, i < bounds_.size() ? bounds_[i] : INFINITY);
        out += "\"} ";
        out += std::to_string(cumulative);
        out += '\n';
    }
    // The count from the buckets read, so that it equals the +Inf bucket as the format requires.
    write_sample(out, std::string(name) + "_sum", labels, sum_.load(std::memory_order_relaxed));
    write_sample(out, std::string(name) + "_count", labels, static_cast<double>(cumulative));
}

std::string label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

void write_header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void write_sample(std::string& out, std::string_view name, std::string_view labels, double value) {
    open_labels(out, name, labels, false);
    if (!labels.empty()) out += '}';
    out += ' ';
    append_number(out, value);
    out += '\n';
}

}  // namespace colloq::support
