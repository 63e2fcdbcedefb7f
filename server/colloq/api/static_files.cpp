#include "colloq/api/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "colloq/crypto/secrets.hpp"

namespace colloq::api {

namespace {

std::string content_type_of(const std::string& extension) {
    static const std::map<std::string, std::string> types{
        {".css", "text/css; charset=utf-8"},          {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},   {".html", "text/html; charset=utf-8"},
        {".json", "application/json"},                {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},                    {".png", "image/png"},
        {".ico", "image/x-icon"},                     {".woff2", "font/woff2"},
        {".wasm", "application/wasm"},                {".txt", "text/plain; charset=utf-8"},
        {".mp3", "audio/mpeg"},                       {".wav", "audio/wav"}};
    auto it = types.find(extension);
    return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace

static_files::static_files(const std::string& dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream content;
        content << in.rdbuf();
        file f;
        f.body = content.str();
        f.content_type = content_type_of(entry.path().extension().string());
        f.etag.append("\"").append(crypto::hash_token(f.body), 0, 16).append("\"");
        files_[std::filesystem::relative(entry.path(), dir).generic_string()] = std::move(f);
    }
}

std::optional<response> static_files::get(const std::string& name, const std::string& if_none_match,
                                          caching policy) const {
    auto it = files_.find(name);
    if (it == files_.end()) return std::nullopt;
    response r;
    r.content_type = it->second.content_type;
    // The ETag makes revalidation cheap.
    r.headers = {{"Cache-Control", policy == caching::hour ? "public, max-age=3600" : "no-cache"},
                 {"ETag", it->second.etag}};
    if (if_none_match == it->second.etag) {
        r.status = 304;
    } else {
        r.body = it->second.body;
    }
    return r;
}

}  // namespace colloq::api
