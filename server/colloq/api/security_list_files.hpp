#pragma once
// The venue's security list as files (CSV, XLSX, PDF), for the HTTP exports and `colloq export
// --list security`: the version sent (or the list as it stands, before any), or what changed since.
#include <optional>
#include <string>
#include <vector>

#include "colloq/config/config.hpp"
#include "colloq/store/store.hpp"

namespace colloq::api {

enum class list_format { csv, xlsx, pdf };

// The title of a column: the registration field's French name, or the question's label.
std::string security_column_title(const config::config& cfg, const std::string& column);

struct list_file {
    std::string bytes;
    std::string content_type;
    std::string file_name;
};

// None when `changes` is asked before any version was frozen. `list` is taken: its values move
// into the file's lines rather than being copied. `work_dir`: where the XLSX is
// built (then read back and removed). Throws std::runtime_error when a writer fails.
std::optional<list_file> security_list_file(list_format format, const config::config& cfg,
                                            store::security_list_reply list, bool changes,
                                            const std::string& work_dir);

}  // namespace colloq::api
