#include "colloq/api/compression.hpp"

#include <algorithm>
#include <charconv>
#include <memory>

#include <zlib.h>

namespace colloq::api {

namespace {

std::string_view trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool icontains(std::string_view s, std::string_view part) {
    for (std::size_t i = 0; i + part.size() <= s.size(); ++i)
        if (iequals(s.substr(i, part.size()), part)) return true;
    return false;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// The q of one Accept-Encoding member's parameters ("q=0.5"); 1 when absent, 0 when unreadable.
double quality(std::string_view params) {
    while (!params.empty()) {
        auto semi = params.find(';');
        std::string_view p = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        if (p.size() < 2 || std::tolower(static_cast<unsigned char>(p[0])) != 'q' || p[1] != '=') continue;
        std::string_view v = trim(p.substr(2));
        double q = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), q);
        if (ec != std::errc{} || end != v.data() + v.size() || q < 0 || q > 1) return 0;
        return q;
    }
    return 1;
}

// One deflate stream per thread and level, reset between answers: deflateInit allocates some
// 260 KB, too much to do per request.
struct deflater {
    z_stream z{};
    bool ready = false;
    explicit deflater(int level) {
        ready = deflateInit2(&z, level, Z_DEFLATED, 15 + 16 /* gzip wrapper */, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~deflater() {
        if (ready) deflateEnd(&z);
    }
    deflater(const deflater&) = delete;
    deflater& operator=(const deflater&) = delete;
};

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
    double gzip_q = -1, any_q = -1;
    std::string_view rest = accept_encoding;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view member = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        auto semi = member.find(';');
        std::string_view coding = trim(member.substr(0, semi));
        double q = semi == std::string_view::npos ? 1 : quality(member.substr(semi + 1));
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
            gzip_q = std::max(gzip_q, q);
        else if (coding == "*")
            any_q = std::max(any_q, q);
    }
    if (gzip_q >= 0) return gzip_q > 0;
    return any_q > 0;
}

bool compressible_type(std::string_view content_type) {
    std::string_view type = trim(content_type.substr(0, content_type.find(';')));
    if (istarts_with(type, "text/")) return true;
    for (std::string_view t : {"application/json", "application/javascript", "application/xml", "image/svg+xml",
                               "application/manifest+json"})
        if (iequals(type, t)) return true;
    return type.size() > 5 && (iequals(type.substr(type.size() - 5), "+json") ||
                               iequals(type.substr(type.size() - 4), "+xml"));
}

std::string gzip(std::string_view data, int level) {
    level = std::clamp(level, 1, 9);
    thread_local std::unique_ptr<deflater> streams[10];
    auto& d = streams[level];
    if (!d) d = std::make_unique<deflater>(level);
    if (!d->ready) return {};
    z_stream& z = d->z;
    deflateReset(&z);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) return {};
    out.resize(z.total_out);
    return out;
}

std::string gzip_etag(std::string_view etag) {
    std::string out(etag);
    if (out.size() >= 2 && out.back() == '"')
        out.insert(out.size() - 1, "-gzip");
    else
        out += "-gzip";
    return out;
}

void negotiate_encoding(response& r, bool gzip_accepted) {
    if (r.stream || r.status == 204 || r.status == 304 || r.status < 200) return;
    if (r.body.size() < min_compressed_size || !compressible_type(r.content_type)) return;
    for (const auto& [name, value] : r.headers)
        if (iequals(name, "Content-Encoding") || (iequals(name, "Vary") && icontains(value, "accept-encoding")))
            return;
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (!gzip_accepted) return;
    // Per request: a middle level, most of the saving for a fraction of level 9's time.
    std::string packed = gzip(r.body, 5);
    if (packed.empty() || packed.size() >= r.body.size()) return;
    r.body = std::move(packed);
    r.headers.emplace_back("Content-Encoding", "gzip");
    for (auto& [name, value] : r.headers)
        if (iequals(name, "ETag")) value = gzip_etag(value);
}

}  // namespace colloq::api
