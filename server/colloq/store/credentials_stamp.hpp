#pragma once
// A mark beside an SQLite database that changes whenever an account is disabled or a token
// revoked: "<database>-credentials", replaced (a new file) after each such commit, by the
// command line as well as the server. The server may keep API tokens it has read in memory
// while the mark stays the same; reading its identity is one stat(), far cheaper than a
// database read. PostgreSQL has no such mark: every request reads its credential.
#include <cstdint>
#include <optional>
#include <string>

namespace colloq::store {

// How long a server may keep an API token it read, however the mark stands: the bound on a
// change made without colloq (SQL by hand) or without a mark (one that could not be written).
inline constexpr int cached_token_seconds = 10;

struct stamp_identity {
    std::uint64_t device = 0, inode = 0;  // 0, 0: no mark yet
    std::int64_t changed_ns = 0;
    friend bool operator==(const stamp_identity&, const stamp_identity&) = default;
};

class credentials_stamp {
public:
    // `database_path` "": no mark (PostgreSQL).
    explicit credentials_stamp(const std::string& database_path);

    // The mark as it is now; none when there is no mark to trust (then read the database).
    std::optional<stamp_identity> current() const;
    // Replaces the mark; false (and a line on stderr) when it could not be written.
    bool renew() const;

private:
    std::string path_;
};

}  // namespace colloq::store
