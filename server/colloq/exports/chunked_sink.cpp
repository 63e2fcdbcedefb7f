#include "colloq/exports/chunked_sink.hpp"

#include <stdexcept>
#include <utility>

namespace colloq::exports {

chunked_sink::chunked_sink(byte_sink sink) : sink_(std::move(sink)) {
    if (!sink_) throw std::invalid_argument("an export needs somewhere to write its bytes");
    // A record may end just past the threshold: room for it avoids a reallocation per chunk.
    buffer_.reserve(chunk_size + chunk_size / 4);
}

void chunked_sink::flush() {
    if (buffer_.empty()) return;
    sink_(buffer_);
    buffer_.clear();
}

}  // namespace colloq::exports
