#pragma once
// The files of web/static, read once at start and served from memory with validators.
#include <map>
#include <optional>
#include <string>

#include "colloq/api/message.hpp"

namespace colloq::api {

class static_files {
public:
    explicit static_files(const std::string& dir);
    enum class caching {
        hour,        // assets: kept an hour, then revalidated
        revalidate,  // pages that must be fresh whenever the network allows
    };
    // The response for a file; 304 when `if_none_match` is current; nullopt when unknown.
    std::optional<response> get(const std::string& name, const std::string& if_none_match,
                                caching policy = caching::hour) const;

private:
    struct file {
        std::string content_type;
        std::string body;
        std::string etag;
    };
    std::map<std::string, file, std::less<>> files_;
};

}  // namespace colloq::api
