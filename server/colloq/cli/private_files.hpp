#pragma once
// The data directory holds personal data and secrets: it is the owner's alone (0700), and so
// are the database, its journal files, the mail spool and export scratch files (0600), even when
// the directory was made by someone else or the files were copied in with wider modes.
#include <string>
#include <vector>

namespace colloq::cli {

// Narrows the modes of the data directory and of what colloq keeps in it, and of the SQLite
// database and its -wal, -shm and -journal files wherever they are (`sqlite_path` "": none).
// Symbolic links are left alone. Returns one sentence per path it changed.
std::vector<std::string> make_private(const std::string& data_dir, const std::string& sqlite_path);

}  // namespace colloq::cli
