#include "colloq/api/badge_files.hpp"

#include <iostream>

namespace colloq::api {

badge_files::badge_files(int threads, std::size_t max_waiting, std::size_t max_entries, std::size_t max_bytes)
    : cache_(max_entries, max_bytes), renderers_(threads, max_waiting, "colloq-badge") {}

bool badge_files::get(const std::string& key, std::function<std::string()> render, std::function<void(file)> done) {
    if (auto cached = cache_.find(key)) {
        done(std::move(cached));
        return true;
    }
    return renderers_.submit([this, key, render = std::move(render), done = std::move(done)] {
        // Another download of the same ticket may have rendered it while this one waited.
        file made = cache_.find(key);
        if (!made) {
            try {
                made = std::make_shared<const std::string>(render());
                cache_.put(key, made);
            } catch (const std::exception& e) {
                std::cerr << "colloq: a badge file could not be rendered: " << e.what() << "\n";
            }
        }
        done(std::move(made));  // nullptr: it could not be rendered
    });
}

}  // namespace colloq::api
