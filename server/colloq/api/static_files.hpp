#pragma once
// The files of web/static, read once at start and served from memory with validators; text
// files are gzip-compressed once, at start, for the clients that accept it.
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
        long_lived,  // the icon: a month
    };
    // The response for a file, gzip-compressed when `gzip_accepted` and worth it; 304 when
    // `if_none_match` names the variant chosen; nullopt when unknown.
    std::optional<response> get(const std::string& name, const std::string& if_none_match,
                                caching policy = caching::hour, bool gzip_accepted = false) const;

private:
    struct file {
        std::string content_type;
        std::string body;
        std::string etag;
        // Text of 1 KB or more: compressed once, at start, with its own ETag.
        bool varies = false;  // answers say "Vary: Accept-Encoding"
        std::string gzipped;  // empty when gzip saves nothing
        std::string gzip_etag;
    };
    std::map<std::string, file, std::less<>> files_;
};

}  // namespace colloq::api
