#include "colloq/api/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "colloq/api/compression.hpp"
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

// RFC 9110, 13.1.2: If-None-Match holds "*" or a list of entity tags, compared weakly.
bool none_match_fails(std::string_view if_none_match, std::string_view etag) {
    while (!if_none_match.empty()) {
        auto comma = if_none_match.find(',');
        std::string_view tag = if_none_match.substr(0, comma);
        if_none_match = comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
        auto b = tag.find_first_not_of(" \t");
        if (b == std::string_view::npos) continue;
        tag = tag.substr(b, tag.find_last_not_of(" \t") - b + 1);
        if (tag == "*") return true;
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        if (tag == etag) return true;
    }
    return false;
}

std::string cache_control(static_files::caching policy) {
    switch (policy) {
        case static_files::caching::hour: return "public, max-age=3600";
        case static_files::caching::revalidate: return "no-cache";
        case static_files::caching::long_lived: return "public, max-age=2592000";
    }
    return "no-cache";
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
        if (f.body.size() >= min_compressed_size && compressible_type(f.content_type)) {
            f.varies = true;
            std::string packed = gzip(f.body, 9);
            if (!packed.empty() && packed.size() < f.body.size()) {
                f.gzipped = std::move(packed);
                f.gzip_etag = api::gzip_etag(f.etag);
            }
        }
        files_[std::filesystem::relative(entry.path(), dir).generic_string()] = std::move(f);
    }
}

std::optional<response> static_files::get(const std::string& name, const std::string& if_none_match,
                                          caching policy, bool gzip_accepted) const {
    auto it = files_.find(name);
    if (it == files_.end()) return std::nullopt;
    const file& f = it->second;
    bool compressed = gzip_accepted && !f.gzipped.empty();
    const std::string& etag = compressed ? f.gzip_etag : f.etag;
    response r;
    r.content_type = f.content_type;
    // The ETag makes revalidation cheap; each encoding has its own (RFC 9110, 8.8.3).
    r.headers = {{"Cache-Control", cache_control(policy)}, {"ETag", etag}};
    if (f.varies) r.headers.emplace_back("Vary", "Accept-Encoding");
    if (none_match_fails(if_none_match, etag)) {
        r.status = 304;
    } else {
        if (compressed) r.headers.emplace_back("Content-Encoding", "gzip");
        r.body = compressed ? f.gzipped : f.body;
    }
    return r;
}

}  // namespace colloq::api
