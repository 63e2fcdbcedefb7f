#include "colloq/support/metrics.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace colloq::support {
namespace {

TEST(histogram, buckets_are_cumulative_and_end_with_the_count) {
    histogram h({1, 10});
    for (double v : {0.5, 1.0, 3.0, 42.0}) h.observe(v);
    std::string out;
    h.write(out, "x", "a=\"b\"");
    EXPECT_EQ(out,
              "x_bucket{a=\"b\",le=\"1\"} 2\n"  // a value equal to a bound is in its bucket
              "x_bucket{a=\"b\",le=\"10\"} 3\n"
              "x_bucket{a=\"b\",le=\"+Inf\"} 4\n"
              "x_sum{a=\"b\"} 46.5\n"
              "x_count{a=\"b\"} 4\n");
}

TEST(histogram, without_labels_the_buckets_still_carry_le) {
    histogram h({0.25});
    h.observe(0.1);
    std::string out;
    h.write(out, "y", "");
    EXPECT_EQ(out, "y_bucket{le=\"0.25\"} 1\ny_bucket{le=\"+Inf\"} 1\ny_sum 0.1\ny_count 1\n");
}

TEST(histogram, counts_from_several_threads_are_all_kept) {
    histogram h({1});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&h] {
            for (int i = 0; i < 10000; ++i) h.observe(2);
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(h.count(), 40000u);
}

TEST(prometheus_text, label_values_escape_what_would_end_them) {
    EXPECT_EQ(label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    std::string out;
    write_sample(out, "z", "", 3);
    write_sample(out, "z", "k=\"v\"", 0.5);
    EXPECT_EQ(out, "z 3\nz{k=\"v\"} 0.5\n");
}

}  // namespace
}  // namespace colloq::support
