#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "colloq/api/badge_cache.hpp"
#include "colloq/api/badge_files.hpp"

namespace colloq::api {
namespace {

std::shared_ptr<const std::string> bytes(std::size_t n, char c = 'x') {
    return std::make_shared<const std::string>(n, c);
}

TEST(badge_cache, finds_what_was_put_and_nothing_else) {
    badge_cache cache(10, 1 << 20);
    EXPECT_FALSE(cache.find("pdf:1:aa"));
    cache.put("pdf:1:aa", bytes(100, 'a'));
    auto found = cache.find("pdf:1:aa");
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, std::string(100, 'a'));
    EXPECT_FALSE(cache.find("pdf:1:bb")) << "another nonce is another badge";
}

TEST(badge_cache, never_holds_more_entries_than_its_bound_and_drops_the_least_recently_used) {
    badge_cache cache(3, 1 << 20);
    cache.put("a", bytes(10));
    cache.put("b", bytes(10));
    cache.put("c", bytes(10));
    ASSERT_TRUE(cache.find("a"));  // "a" is now the most recently used: "b" goes first
    cache.put("d", bytes(10));
    EXPECT_EQ(cache.entries(), 3u);
    EXPECT_TRUE(cache.find("a"));
    EXPECT_FALSE(cache.find("b"));
    EXPECT_TRUE(cache.find("c"));
    EXPECT_TRUE(cache.find("d"));
    for (int i = 0; i < 1000; ++i) cache.put(std::string("k").append(std::to_string(i)), bytes(10));
    EXPECT_EQ(cache.entries(), 3u);
}

TEST(badge_cache, never_holds_more_bytes_than_its_bound) {
    badge_cache cache(1000, 1000);
    for (int i = 0; i < 100; ++i) {
        cache.put(std::string("key").append(std::to_string(i)), bytes(300));
        EXPECT_LE(cache.bytes(), 1000u);
    }
    EXPECT_EQ(cache.entries(), 3u);  // 3 x (300 + key) fit, a fourth does not
    EXPECT_TRUE(cache.find("key99"));
    EXPECT_TRUE(cache.find("key97"));
    EXPECT_FALSE(cache.find("key96"));
}

TEST(badge_cache, keeps_no_file_larger_than_the_whole_cache) {
    badge_cache cache(10, 1000);
    cache.put("small", bytes(100));
    cache.put("huge", bytes(5000));
    EXPECT_FALSE(cache.find("huge"));
    EXPECT_TRUE(cache.find("small")) << "a file too large to keep must not empty the cache";
    EXPECT_EQ(cache.entries(), 1u);
}

TEST(badge_cache, a_key_put_again_replaces_its_file_and_counts_once) {
    badge_cache cache(10, 1 << 20);
    cache.put("k", bytes(100, 'a'));
    cache.put("k", bytes(50, 'b'));
    EXPECT_EQ(cache.entries(), 1u);
    EXPECT_EQ(cache.bytes(), 51u);
    EXPECT_EQ(*cache.find("k"), std::string(50, 'b'));
}

TEST(badge_cache, forgets_one_registrations_files_and_keeps_the_others) {
    badge_cache cache(10, 1 << 20);
    cache.put(badge_key_prefix(1) + "pdf:aa", bytes(100));
    cache.put(badge_key_prefix(1) + "certificate:aa:2024", bytes(200));
    cache.put(badge_key_prefix(12) + "pdf:bb", bytes(300));
    cache.forget_prefix(badge_key_prefix(1));
    EXPECT_FALSE(cache.find(badge_key_prefix(1) + "pdf:aa"));
    EXPECT_FALSE(cache.find(badge_key_prefix(1) + "certificate:aa:2024"));
    EXPECT_TRUE(cache.find(badge_key_prefix(12) + "pdf:bb")) << "registration 12 is not registration 1";
    EXPECT_EQ(cache.entries(), 1u);
    EXPECT_EQ(cache.bytes(), (badge_key_prefix(12) + "pdf:bb").size() + 300);
}

TEST(badge_cache, a_cache_of_no_entries_keeps_nothing) {
    badge_cache cache(0, 1 << 20);
    cache.put("k", bytes(10));
    EXPECT_FALSE(cache.find("k"));
    EXPECT_EQ(cache.bytes(), 0u);
}

// What a download waits for: the file, handed over on another thread.
badge_files::file wait_for(badge_files& files, const std::string& key, std::function<std::string()> render,
                           bool* queued = nullptr) {
    auto promise = std::make_shared<std::promise<badge_files::file>>();
    auto future = promise->get_future();
    bool ok = files.get(key, std::move(render), [promise](badge_files::file f) { promise->set_value(std::move(f)); });
    if (queued) *queued = ok;
    if (!ok) return nullptr;
    return future.get();
}

TEST(badge_files, renders_once_per_key_off_the_callers_thread) {
    badge_files files(2, 16, 100, 1 << 20);
    std::atomic<int> renders{0};
    auto caller = std::this_thread::get_id();
    std::thread::id rendered_on;
    auto render = [&] {
        ++renders;
        rendered_on = std::this_thread::get_id();
        return std::string("PDF-1");
    };
    auto first = wait_for(files, "pdf:1:aa", render);
    ASSERT_TRUE(first);
    EXPECT_EQ(*first, "PDF-1");
    EXPECT_NE(rendered_on, caller);
    auto second = wait_for(files, "pdf:1:aa", render);
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, "PDF-1");
    EXPECT_EQ(renders.load(), 1);
    auto other = wait_for(files, "pdf:1:bb", [] { return std::string("PDF-2"); });
    EXPECT_EQ(*other, "PDF-2");
}

TEST(badge_files, refuses_past_its_queue_and_hands_over_a_failure_as_nothing) {
    badge_files files(1, 2, 100, 1 << 20);
    std::mutex m;
    std::condition_variable cv;
    bool started = false, release = false;
    auto blocked = [&] {
        std::unique_lock lock(m);
        started = true;
        cv.notify_all();
        cv.wait(lock, [&] { return release; });
        return std::string("x");
    };
    std::atomic<int> done{0};
    auto count = [&](badge_files::file) { ++done; };
    ASSERT_TRUE(files.get("a", blocked, count));
    {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return started; });  // the one thread is busy with "a"
    }
    EXPECT_TRUE(files.get("b", [] { return std::string("y"); }, count));
    EXPECT_TRUE(files.get("c", [] { return std::string("y"); }, count));
    EXPECT_FALSE(files.get("d", [] { return std::string("y"); }, count)) << "the queue holds two";
    {
        std::lock_guard lock(m);
        release = true;
    }
    cv.notify_all();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (done < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(done.load(), 3);
    bool queued = false;
    auto failed = wait_for(files, "broken", []() -> std::string { throw std::runtime_error("no font"); }, &queued);
    EXPECT_TRUE(queued);
    EXPECT_FALSE(failed);
    EXPECT_FALSE(files.cache().find("broken"));
    EXPECT_TRUE(files.cache().find("a"));
}

}  // namespace
}  // namespace colloq::api
