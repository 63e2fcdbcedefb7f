#pragma once
// Shared by the mail tests: a scratch folder, files, and running a command for its output.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>

#include <sys/wait.h>

namespace colloq::mail::testing {

class temp_dir {
public:
    temp_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "colloq-mail-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A string literal's bytes, embedded NULs included.
template <std::size_t n>
std::string bytes_of(const char (&literal)[n]) {
    return std::string(literal, n - 1);
}

struct command_output {
    int status = -1;
    std::string out;
};

// Runs a shell command and returns its standard output and exit status.
inline command_output run(const std::string& command) {
    using pipe_ptr = std::unique_ptr<FILE, decltype(&::pclose)>;
    command_output result;
    FILE* raw = ::popen(command.c_str(), "r");
    if (!raw) return result;
    pipe_ptr pipe(raw, &::pclose);
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe.get())) result.out.append(buffer, n);
    int status = ::pclose(pipe.release());
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace colloq::mail::testing
