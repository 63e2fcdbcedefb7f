#pragma once
// Without an SMTP server, emails are written as .eml files that any mail client opens.
#include <string>
#include <vector>

namespace colloq::mail {

// Writes `message` to dir/file_name, creating dir if needed. Atomic: the file appears
// whole or not at all (temporary file, fsync, rename, fsync of the folder), so a reader
// never sees half an email and a crash leaves no broken one. `file_name` must be a plain
// name (no folder). Throws std::runtime_error on failure.
void write_eml(const std::string& dir, const std::string& file_name, const std::string& message);

// Deletes the spooled files of these outbox rows ("<id, 8 digits>-<kind>.eml"): an erasure or
// a purge leaves no copy of the e-mails it forgot. Returns how many went.
int forget_spooled(const std::string& dir, const std::vector<long long>& outbox_ids);

}  // namespace colloq::mail
