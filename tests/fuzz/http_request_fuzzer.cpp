// The HTTP request path without a socket: the bytes go through the parser with the server's
// limits (http/request_parsing), its framing and Host checks, the translation into an
// api::request, the server's own router, with every route, over a scratch data directory, and
// the gzip negotiation. Any answer is acceptable but a 500, which the contract forbids.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "colloq/api/body_stream.hpp"
#include "colloq/api/compression.hpp"
#include "colloq/api/services.hpp"
#include "colloq/cli/common.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/http/request_parsing.hpp"

namespace {

using namespace colloq;

// What `colloq serve` builds before it listens, kept for the whole run.
struct server_state {
    cli::global_options g;
    config::config cfg = config::builtin();
    std::unique_ptr<api::templates> pages;
    std::unique_ptr<api::static_files> files;
    std::unique_ptr<store::store> db;
    std::unique_ptr<support::job_threads> hasher;
    auth::login_limiter limiter;
    std::unique_ptr<auth::key_limiter> by_address;
    tickets::key_pair key{};
    std::unique_ptr<api::services> services;
    api::router router;

    server_state() {
        char dir[] = "/tmp/colloq-fuzz-http-XXXXXX";
        if (!mkdtemp(dir)) std::abort();
        g.data_dir = dir;
        cli::ensure_data_dir(g);
        auto where = cli::database(g);
        cli::migrate(where);
        crypto::init();
        std::string web = store::share_dir() + "/web";
        pages = std::make_unique<api::templates>(web + "/templates");
        files = std::make_unique<api::static_files>(web + "/static");
        db = std::make_unique<store::store>(where, cfg);
        cli::ensure_first_admin(*db, cfg);
        hasher = std::make_unique<support::job_threads>(1, 8, "colloq-hash");
        by_address = std::make_unique<auth::key_limiter>(1000000, std::chrono::hours(1), api::max_registering_addresses);
        key = cli::load_key(g);
        services = std::make_unique<api::services>(
            api::services{cfg, *db, *pages, *files, *hasher, limiter, *by_address, key, g.data_dir});
        api::add_routes(router, *services);
    }
};

server_state& state() {
    static server_state s;
    return s;
}

void check_answer(const api::response& r) {
    if (r.status == 500) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    state();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto& s = state();
    http::request_parser parser;
    http::apply_limits(parser, s.cfg.server);
    boost::system::error_code ec;
    auto buffer = boost::asio::const_buffer(data, size);
    bool header_checked = false;
    while (buffer.size() > 0 && !parser.is_done()) {
        std::size_t used = parser.put(buffer, ec);
        if (ec == boost::beast::http::error::need_more) break;  // the client would send more, or time out
        if (ec) return 0;                                        // answered 400 or 413, connection closed
        buffer += used;
        if (parser.is_header_done() && !header_checked) {
            header_checked = true;
            if (auto refusal = http::framing_refusal(parser.get())) {
                check_answer(*refusal);
                return 0;
            }
            if (!http::limit_body(parser, http::body_limit_for(parser.get(), s.cfg.server))) return 0;  // 413
        }
        if (used == 0) break;
    }
    if (!parser.is_done()) return 0;
    http::beast_request req = parser.release();
    auto areq = http::to_api_request(req, "192.0.2.1");
    if (!areq || !http::host_acceptable(req)) return 0;  // answered 400
    auto answer = std::make_shared<std::promise<api::response>>();
    auto future = answer->get_future();
    s.router.dispatch(*areq, api::responder([answer](api::response r) { answer->set_value(std::move(r)); }));
    if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready) std::abort();  // never answered
    api::response r = future.get();
    api::negotiate_encoding(r, api::accepts_gzip(areq->header("accept-encoding")));
    check_answer(r);
    if (r.stream) r.stream->cancel();  // an export the client would not read
    return 0;
}
