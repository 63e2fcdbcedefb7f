#include <exception>
#include <iostream>

#include <sys/stat.h>

#include "colloq/cli/cli.hpp"

// jemalloc's settings, read when it starts: memory freed after a burst of requests goes back to
// the system within a second (a background thread returns it), and two arenas, one per core,
// instead of eight.
extern "C" {
const char* malloc_conf = "background_thread:true,narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

int main(int argc, char** argv) {
    // Everything colloq creates (database, journals, key, spooled e-mails, exports, backups)
    // holds personal data or secrets: readable by this account only.
    ::umask(077);
    try {
        return colloq::cli::run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "colloq: " << e.what() << "\n";
        return 1;
    }
}
