#include "colloq/cli/banner.hpp"

#include <algorithm>

namespace colloq::cli {

namespace {

// Characters, not bytes: a terminal shows each UTF-8 sequence in one column.
std::size_t columns(const std::string& text) {
    return std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

}  // namespace

std::string aligned_banner(const std::vector<banner_line>& lines) {
    std::size_t width = 0;
    for (const auto& [label, value] : lines) width = std::max(width, columns(label));
    std::string out;
    for (const auto& [label, value] : lines)
        out.append("  ").append(label).append(width - columns(label) + 2, ' ').append(value).append("\n");
    return out;
}

}  // namespace colloq::cli
