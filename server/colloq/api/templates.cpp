#include "colloq/api/templates.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "colloq/domain/text.hpp"

namespace colloq::api {

templates::templates(const std::string& dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".html") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream content;
        content << in.rdbuf();
        sources_[entry.path().stem().string()] = content.str();
    }
    if (ec || sources_.empty()) throw std::runtime_error("cannot read the page templates in " + dir);
}

std::string templates::render(const std::string& name, const template_vars& vars) const {
    const std::string& src = sources_.at(name);
    std::string out;
    out.reserve(src.size() + 1024);
    std::size_t pos = 0;
    while (true) {
        auto open = src.find("{{", pos);
        if (open == std::string::npos) break;
        bool raw = src.compare(open, 3, "{{{") == 0;
        auto close = src.find(raw ? "}}}" : "}}", open);
        if (close == std::string::npos) break;
        out.append(src, pos, open - pos);
        std::size_t start = open + (raw ? 3 : 2);
        std::string_view key(src.data() + start, close - start);
        while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
        while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
        if (auto it = vars.find(key); it != vars.end())
            out += raw ? it->second : domain::html_escape(it->second);
        pos = close + (raw ? 3 : 2);
    }
    out.append(src, pos);
    return out;
}

}  // namespace colloq::api
