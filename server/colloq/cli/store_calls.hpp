#pragma once
// For the sub-commands that work on accounts and tokens: the data directory's store, migrated,
// and a way to wait for one of its asynchronous replies.
#include <memory>

#include "colloq/cli/common.hpp"
#include "colloq/store/store.hpp"
#include "colloq/support/wait_for.hpp"

namespace colloq::cli {

// The store of the data directory, after pending migrations; `cfg` must outlive it.
std::unique_ptr<store::store> open_store(const global_options& g, const config::config& cfg);

using support::wait_for;

}  // namespace colloq::cli
