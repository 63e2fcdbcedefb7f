// The configuration file (TOML), parsed and validated from a string. Anything may be refused
// with an exception that says why; nothing else may happen.
#include <cstdint>
#include <exception>
#include <string_view>

#include "colloq/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto cfg = colloq::config::parse(text, "fuzz.toml");
        (void)cfg;
    } catch (const std::exception&) {
    }
    return 0;
}
