#pragma once
// Where a streamed export's bytes go (an HTTP chunk, a file), and the buffer
// that hands them over in chunks of about 64 KiB rather than one per field.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace colloq::exports {

using byte_sink = std::function<void(std::string_view)>;

class chunked_sink {
public:
    static constexpr std::size_t chunk_size = 64 * 1024;

    explicit chunked_sink(byte_sink sink);

    // Appends; hands the buffer to the sink once it holds a chunk.
    void write(std::string_view bytes) {
        buffer_ += bytes;
        if (buffer_.size() >= chunk_size) flush();
    }
    // The buffer itself, for writers that append piece by piece; they call
    // flush_if_full() after each record.
    std::string& buffer() { return buffer_; }
    void flush_if_full() {
        if (buffer_.size() >= chunk_size) flush();
    }
    // Hands whatever is buffered to the sink, even if short.
    void flush();

private:
    byte_sink sink_;
    std::string buffer_;
};

}  // namespace colloq::exports
