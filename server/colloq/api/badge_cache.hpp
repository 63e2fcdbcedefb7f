#pragma once
// The badge files already rendered, by key (the file, the registration and its ticket nonce:
// a correction re-issues the badge with a new nonce, so a stale file is never found). Bounded
// by entries and by bytes; the least recently used go first. Safe from any thread.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace colloq::api {

class badge_cache {
public:
    badge_cache(std::size_t max_entries, std::size_t max_bytes);

    std::shared_ptr<const std::string> find(const std::string& key);
    // A file larger than max_bytes is not kept.
    void put(const std::string& key, std::shared_ptr<const std::string> file);
    // Drops every file whose key starts with `prefix` (one registration's files, at its erasure).
    void forget_prefix(const std::string& prefix);

    std::size_t entries() const;
    std::size_t bytes() const;  // of the files and their keys

private:
    struct entry {
        std::string key;
        std::shared_ptr<const std::string> file;
    };
    static std::size_t cost(const entry& e) { return e.key.size() + e.file->size(); }
    void evict_beyond_bounds();

    std::size_t max_entries_, max_bytes_;
    mutable std::mutex mutex_;
    std::list<entry> order_;  // most recently used first
    std::unordered_map<std::string, std::list<entry>::iterator> index_;
    std::size_t bytes_ = 0;
};

}  // namespace colloq::api
