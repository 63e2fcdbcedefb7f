#pragma once
// The HTTP/1.1 server: Beast coroutines on an io_context, one thread per core.
// Beast and Asio stay inside server.cpp; this header is cheap to include.
#include <memory>
#include <string>

#include "colloq/api/router.hpp"
#include "colloq/config/config.hpp"

namespace colloq::http {

class server {
public:
    server(const config::config& cfg, const api::router& router);
    ~server();

    // Binds and listens; port 0 picks a free one. Returns the port in use. Throws on failure.
    unsigned short listen(const std::string& host, unsigned short port);

    // Serves until SIGINT or SIGTERM, then stops accepting, finishes the requests in
    // flight (up to a grace period) and returns.
    void run();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace colloq::http
