#pragma once
// gzip for text answers (RFC 9110, 8.4 and 12.5.3): pages, scripts, styles and JSON of 1 KB
// or more, when the client's Accept-Encoding lets gzip through.
#include <cstddef>
#include <string>
#include <string_view>

#include "colloq/api/message.hpp"

namespace colloq::api {

// Below this, the gzip header and the CPU cost more than they save.
inline constexpr std::size_t min_compressed_size = 1024;

// Whether an Accept-Encoding value accepts gzip: "gzip" (or "x-gzip") with a q above 0, or
// else "*" with a q above 0. Absent or empty: no.
bool accepts_gzip(std::string_view accept_encoding);

// Text, JSON, JavaScript, SVG: worth compressing. Images, PDFs, spreadsheets are compressed already.
bool compressible_type(std::string_view content_type);

// The gzip member (RFC 1952) of `data`; `level` 1 (fast) to 9 (small).
std::string gzip(std::string_view data, int level);

// An ETag for the gzip variant of a representation whose ETag is `etag` ("abc" → "abc-gzip").
std::string gzip_etag(std::string_view etag);

// For an answer made per request: adds `Vary: Accept-Encoding` when its body could be
// compressed, and compresses it when `gzip_accepted`. Streamed answers, answers without a
// body and answers that already chose their encoding (they carry that Vary) are left as they are.
void negotiate_encoding(response& r, bool gzip_accepted);

}  // namespace colloq::api
