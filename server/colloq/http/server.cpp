#include "colloq/http/server.hpp"

#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include <pthread.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "colloq/api/body_stream.hpp"
#include "colloq/api/compression.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/http/access_log.hpp"
#include "colloq/http/client_address.hpp"
#include "colloq/http/connection_table.hpp"
#include "colloq/http/request_parsing.hpp"
#include "colloq/http/response_writer.hpp"
#include "colloq/http/tls_context.hpp"
#include "colloq/store/home_thread.hpp"

namespace colloq::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// The io_context's own executor type rather than the type-erased any_io_executor: every
// operation of a connection copies and compares its executor, which then costs nothing.
using io_executor = net::io_context::executor_type;
template <class T>
using task = net::awaitable<T, io_executor>;
constexpr net::use_awaitable_t<io_executor> use_task;
using executor = net::as_tuple_t<net::use_awaitable_t<io_executor>>::executor_with_default<io_executor>;
using stream_t = beast::tcp_stream::rebind_executor<executor>::other;
using acceptor_t = net::ip::tcp::acceptor::rebind_executor<executor>::other;
using tls_stream_t = beast::ssl_stream<stream_t>;

namespace {

bool expects_continue(const beast_request& req) {
    return req.version() >= 11 && beast::iequals(req[bhttp::field::expect], "100-continue");
}

// Every X-Forwarded-For field, in order, as one list.
std::string forwarded_for(const beast_request& req) {
    std::string out;
    for (auto [it, last] = req.equal_range("X-Forwarded-For"); it != last; ++it) {
        if (!out.empty()) out += ',';
        out += std::string(it->value());
    }
    return out;
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

// Where an answer made elsewhere goes: kept here when it comes before the coroutine waits for
// it (most handlers answer at once), or handed to the waiting coroutine on its own thread.
template <class T>
struct pending_answer {
    std::mutex mutex;
    std::optional<T> ready;
    std::function<void(T)> resume;  // set once the coroutine waits
};

// Calls `start` with a callback that takes the answer once, from any thread, and resumes with
// it on this connection's thread (at once when it came before).
template <class T, class Start>
task<T> answer_of(executor ex, Start start) {
    auto answer = std::make_shared<pending_answer<T>>();
    start([answer](T r) {
        std::unique_lock lock(answer->mutex);
        if (!answer->resume) {
            answer->ready = std::move(r);
            return;
        }
        auto resume = std::move(answer->resume);
        lock.unlock();
        resume(std::move(r));
    });
    {
        std::lock_guard lock(answer->mutex);
        if (answer->ready) co_return std::move(*answer->ready);
    }
    // The answer comes later from another thread (often the store's): wait for it, resume
    // on this connection's thread, and keep that thread's io_context running meanwhile.
    auto tracked = net::prefer(static_cast<const io_executor&>(ex), net::execution::outstanding_work.tracked);
    co_return co_await net::async_initiate<const net::use_awaitable_t<io_executor>&, void(T)>(
        [&](auto handler) {
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            // Runs at once when the answer is made on this connection's thread (store replies
            // come back here), else is queued to it.
            std::function<void(T)> resume = [shared, tracked](T r) {
                net::dispatch(tracked, [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
            };
            std::unique_lock lock(answer->mutex);
            if (answer->ready) {
                T r = std::move(*answer->ready);
                lock.unlock();
                resume(std::move(r));
            } else {
                answer->resume = std::move(resume);
            }
        },
        use_task);
}

// The next piece of a streamed body, resumed on the connection's thread.
task<std::optional<std::string>> next_chunk(const std::shared_ptr<api::body_stream>& body, const executor& ex) {
    auto tracked = net::prefer(static_cast<const io_executor&>(ex), net::execution::outstanding_work.tracked);
    co_return co_await net::async_initiate<const net::use_awaitable_t<io_executor>&, void(std::optional<std::string>)>(
        [&](auto handler) {
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            body->pull([shared, tracked](std::optional<std::string> piece) {
                net::post(tracked, [shared, piece = std::move(piece)]() mutable { (*shared)(std::move(piece)); });
            });
        },
        use_task);
}

}  // namespace

struct server::impl {
    const config::config& cfg;
    const api::router& router;
    // One io_context per thread: a connection lives on one thread, so it needs no strand.
    std::vector<std::unique_ptr<net::io_context>> contexts;
    std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
    std::atomic<std::size_t> next_context{0};
    std::unique_ptr<acceptor_t> acceptor;
    // Taken over from the moment the server listens: a SIGTERM sent as soon as the banner is out
    // is queued for run(), not met by the default action that would end the process at once.
    std::unique_ptr<net::signal_set> stop_signals;
    access_log log;
    std::atomic<bool> stopping{false};

    trusted_proxies proxies;

    // Open connections: a stop wakes those waiting idle, and past `bound` the ones idle the
    // longest are closed to make room. The fields below are touched only on the connection's
    // own thread; the table's entry is read by the acceptor.
    struct connection : connection_slot {
        explicit connection(io_executor ex) : executor(std::move(ex)) {}
        io_executor executor;
        stream_t* stream = nullptr;  // set once its coroutine runs; null again when closed
        bool closed = false;
        bool evicted = false;  // closed to make room: no polite TLS goodbye
    };
    connection_table connections;
    std::size_t bound = 0;
    std::chrono::steady_clock::time_point last_full_warning{};

    impl(const config::config& c, const api::router& r) : cfg(c), router(r), proxies(c.server.trusted_proxies) {
        int threads = cfg.server.io_threads > 0 ? cfg.server.io_threads
                                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        for (int i = 0; i < threads; ++i) {
            contexts.push_back(std::make_unique<net::io_context>(1));
            keep_running.push_back(net::make_work_guard(*contexts.back()));
        }
        bound = connection_bound(static_cast<std::size_t>(cfg.server.max_connections), raise_open_file_limit(),
                                 contexts.size());
        acceptor = std::make_unique<acceptor_t>(*contexts[0]);
        if (!cfg.server.tls_cert.empty()) tls = make_tls_context(cfg.server);
    }

    // HTTPS when [server] tls_cert and tls_key are set.
    std::unique_ptr<net::ssl::context> tls;

    task<void> accept_loop();
    std::size_t make_room(std::size_t n);
    template <class Stream>
    task<void> serve(Stream stream, std::shared_ptr<connection> self);
    template <class Stream>
    task<void> session(Stream& stream, connection& self);
    task<api::response> dispatch(api::request& req, const executor& ex);
    // The router's gate for a body past body_limit, asked with the request's headers alone.
    task<api::body_admission> admit_large_body(beast_request& headers, const std::string& remote, const executor& ex);
    // Logs the request and counts it under its route (-1: none took it).
    void answered(std::string_view method, std::string_view path, int route, int status,
                  std::chrono::steady_clock::time_point started) {
        double ms = elapsed_ms(started);
        log.write(method, path, status, ms);
        router.metrics().record(route, status, ms / 1000);
    }
    template <class Stream>
    task<bool> write_streamed(Stream& stream, api::response& res, unsigned version, bool keep_alive, bool head_only);
    void begin_stop();
    void stop_all() {
        for (auto& c : contexts) c->stop();
    }
};

task<api::response> server::impl::dispatch(api::request& req, const executor& ex) {
    // Started when awaited, while `req` still lives in the caller's frame.
    return answer_of<api::response>(ex, [this, r = &req](std::function<void(api::response)> reply) {
        router.dispatch(*r, api::responder(std::move(reply)));
    });
}

// One connection from accept to close; it leaves the table when its coroutine ends.
template <class Stream>
task<void> server::impl::serve(Stream stream, std::shared_ptr<connection> self) {
    struct leaving {
        impl& d;
        connection& c;
        ~leaving() {
            c.closed = true;
            c.stream = nullptr;
            d.connections.remove(c);
        }
    } guard{*this, *self};
    self->stream = &beast::get_lowest_layer(stream);
    if (self->evicted) co_return;  // closed to make room before it even started
    if constexpr (std::is_same_v<Stream, tls_stream_t>) {
        // The handshake counts as idle: a silent client may be closed to make room.
        beast::get_lowest_layer(stream).expires_after(cfg.server.read_timeout);
        auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::server);
        if (ec || self->evicted) co_return;  // not TLS, or a client that gave up: nothing to answer
    }
    co_await session(stream, *self);
}

task<api::body_admission> server::impl::admit_large_body(beast_request& headers, const std::string& remote,
                                                        const executor& ex) {
    auto req = std::make_shared<api::request>();
    if (auto parsed = to_api_request(headers, remote)) *req = std::move(*parsed);
    co_return co_await answer_of<api::body_admission>(ex, [&](std::function<void(api::body_admission)> reply) {
        // The request lives until the gate answers, wherever it answers from.
        router.admit_large_body(*req, [req, reply = std::move(reply)](api::body_admission a) { reply(std::move(a)); });
    });
}

// Sends a body produced elsewhere as it comes (chunked on HTTP/1.1), or only the headers in
// answer to HEAD. Returns whether the connection is still usable for another request.
template <class Stream>
task<bool> server::impl::write_streamed(Stream& stream, api::response& res, unsigned version, bool keep_alive,
                                        bool head_only) {
    auto body = res.stream;
    auto& tcp = beast::get_lowest_layer(stream);
    bool chunked = version != 10;
    std::string head = serialize_head(res, version, keep_alive && chunked);
    tcp.expires_after(cfg.server.write_timeout);
    auto [ec, n] = co_await net::async_write(stream, net::buffer(head));
    bool ok = !ec;
    if (head_only) {
        body->cancel();
        co_return ok && chunked && keep_alive;
    }
    while (ok) {
        auto piece = co_await next_chunk(body, stream.get_executor());
        if (!piece) break;
        std::string framed = chunked ? chunk(*piece) : std::move(*piece);
        tcp.expires_after(cfg.server.write_timeout);
        auto [wec, wn] = co_await net::async_write(stream, net::buffer(framed));
        ok = !wec;
    }
    // A body that broke off midway ends without its last chunk, so the client sees it incomplete.
    if (ok && body->failed()) ok = false;
    if (ok && chunked) {
        auto [lec, ln] = co_await net::async_write(stream, net::buffer(chunk({})));
        ok = !lec;
    }
    body->cancel();  // frees the producer if the client went away
    co_return ok && chunked && keep_alive;
}

template <class Stream>
task<void> server::impl::session(Stream& stream, connection& self) {
    auto& tcp = beast::get_lowest_layer(stream);
    beast::error_code ignored;
    // The peer, once per connection; X-Forwarded-For is read per request only from a trusted proxy.
    ip_address peer = parse_ip(tcp.socket().remote_endpoint(ignored).address().to_string()).value_or(ip_address{});
    const bool from_proxy = proxies.contains(peer);
    const std::string peer_text = peer.text();
    auto remote_of = [&](const beast_request& req) {
        return from_proxy ? client_address(peer, forwarded_for(req), proxies) : peer_text;
    };
    beast::flat_buffer buffer;
    bool body_left_unread = false;  // a refusal answered before its body: see the close below
    for (;;) {
        if (stopping || self.evicted) break;
        // Waiting for the next request: the idle timeout; a stop, or a lack of room, may cancel this wait.
        if (buffer.size() == 0) {
            self.set(activity::idle, std::chrono::steady_clock::now());
            tcp.expires_after(cfg.server.idle_timeout);
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(8192));
            if (ec) break;
            buffer.commit(n);
        }
        auto started = std::chrono::steady_clock::now();
        self.set(activity::reading, started);
        request_parser parser;
        apply_limits(parser, cfg.server);
        tcp.expires_after(cfg.server.read_timeout);
        // The header first: its framing decides whether the bytes after it may be read at all.
        auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser);
        // Held while a large body is read and answered; given back at the end of this request.
        std::shared_ptr<void> large_body;
        if (!ec) {
            std::optional<api::response> refusal = framing_refusal(parser.get());
            if (!refusal && !parser.is_done() && wants_large_body(parser.get(), cfg.server)) {
                // The credential is checked now, before any of the body is read or a place given.
                api::body_admission admitted = co_await admit_large_body(parser.get(), remote_of(parser.get()),
                                                                         stream.get_executor());
                refusal = std::move(admitted.refusal);
                large_body = std::move(admitted.place);
            }
            std::size_t limit = large_body ? body_limit_for(parser.get(), cfg.server) : cfg.server.body_limit;
            if (!refusal && !limit_body(parser, limit))
                refusal = api::json_error(413, "too_large", "La requête est trop volumineuse.");
            if (refusal) {
                int status = refusal->status;
                std::string bytes = serialize_response(std::move(*refusal), 11, false);
                tcp.expires_after(cfg.server.write_timeout);
                co_await net::async_write(stream, net::buffer(bytes));
                answered(std::string(parser.get().method_string()), "-", -1, status, started);
                body_left_unread = !parser.is_done();
                break;
            }
        }
        if (!ec && !parser.is_done()) {
            if (expects_continue(parser.get())) {
                static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
                auto [cec, cn] = co_await net::async_write(stream, net::buffer(go_on));
                ec = cec;
            }
            if (!ec) std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser);
        }
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
            ec == net::error::connection_reset || ec == net::error::eof)
            break;
        if (ec) {
            // Too large, or not HTTP: answer in the contract's shape, then close this connection only.
            // RFC 6585: headers over the limit are 431, a body over it 413.
            api::response r =
                ec == bhttp::error::header_limit
                    ? api::json_error(431, "too_large", "Les en-têtes de la requête sont trop volumineux.")
                : ec == bhttp::error::body_limit || ec == bhttp::error::buffer_overflow
                    ? api::json_error(413, "too_large", "La requête est trop volumineuse.")
                    : api::json_error(400, "bad_request", "La requête HTTP est mal formée.");
            int status = r.status;
            std::string bytes = serialize_response(std::move(r), 11, false);
            tcp.expires_after(cfg.server.write_timeout);
            co_await net::async_write(stream, net::buffer(bytes));
            answered("-", "-", -1, status, started);
            body_left_unread = ec == bhttp::error::body_limit || ec == bhttp::error::buffer_overflow;
            break;
        }
        self.set(activity::busy, started);
        beast_request req = parser.release();
        bool keep_alive = req.keep_alive();
        unsigned version = req.version();
        std::string method(req.method_string());
        std::string path(req.target().substr(0, req.target().find('?')));
        std::optional<api::request> areq = to_api_request(req, remote_of(req));
        api::response ares;
        if (!host_acceptable(req))
            ares = api::json_error(400, "bad_request", "L'en-tête Host manque ou n'est pas valide.");
        else if (areq) {
            ares = co_await dispatch(*areq, stream.get_executor());
            api::negotiate_encoding(ares, api::accepts_gzip(areq->header("accept-encoding")));
        }
        else
            ares = api::json_error(400, "bad_request", "L'adresse demandée n'est pas valide.");
        keep_alive = keep_alive && !stopping && !self.evicted;
        if constexpr (std::is_same_v<Stream, tls_stream_t>)
            ares.headers.emplace_back("Strict-Transport-Security", std::string(strict_transport_security));
        int status = ares.status;
        int route = areq ? areq->route : -1;
        bool head_only = req.method() == bhttp::verb::head;
        if (ares.stream) {
            bool usable = co_await write_streamed(stream, ares, version, keep_alive, head_only);
            answered(method, path, route, status, started);
            if (!usable) break;
            continue;
        }
        std::string bytes = serialize_response(std::move(ares), version, keep_alive, head_only);
        tcp.expires_after(cfg.server.write_timeout);
        auto [wec, wn] = co_await net::async_write(stream, net::buffer(bytes));
        answered(method, path, route, status, started);
        if (wec || !keep_alive) break;
    }
    self.closed = true;
    if constexpr (std::is_same_v<Stream, tls_stream_t>) {
        if (!self.evicted) {
            tcp.expires_after(std::chrono::seconds(2));
            co_await stream.async_shutdown();
        }
    }
    tcp.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    // The rest of a refused body may still be arriving: closing with it unread would reset the
    // connection, and a reset can destroy the refusal before the client reads it. So what comes is
    // read and dropped, for two seconds and 8 MiB at most, before closing.
    if (body_left_unread && !self.evicted) {
        tcp.expires_after(std::chrono::seconds(2));
        std::array<char, 16384> scratch;
        for (std::size_t dropped = 0; dropped < 8 * 1024 * 1024;) {
            auto [rec, rn] = co_await tcp.async_read_some(net::buffer(scratch));
            if (rec) break;
            dropped += rn;
        }
    }
    tcp.close();
}

// Closes up to `n` connections to make room (see connection_table), each on its own thread, and
// only if it is still idle (or still reading the same request) by then. Returns how many were chosen.
std::size_t server::impl::make_room(std::size_t n) {
    auto chosen = connections.choose(n);
    for (auto& slot : chosen) {
        auto c = std::static_pointer_cast<connection>(slot);
        net::post(c->executor, [this, c] {
            if (c->closed) return;
            if (!c->unchanged_since_chosen()) return connections.spare(*c);
            c->evicted = true;
            beast::error_code ignored;
            if (c->stream) c->stream->socket().cancel(ignored);
        });
    }
    return chosen.size();
}

task<void> server::impl::accept_loop() {
    using namespace std::chrono_literals;
    for (;;) {
        auto& context = *contexts[next_context++ % contexts.size()];
        auto [ec, socket] = co_await acceptor->async_accept(context);
        if (ec == net::error::operation_aborted || !acceptor->is_open()) co_return;
        if (ec) {
            // Out of file descriptors anyway (the rest of the server took more than its share):
            // close idle connections and accept again once they are gone. Anything else, or
            // nothing to close: pause briefly rather than spin.
            bool out_of_files = ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system;
            bool room_coming = out_of_files && (connections.size() > connections.staying() ||
                                                make_room(std::max<std::size_t>(1, bound / 64)) > 0);
            net::steady_timer pause(*contexts[0], room_coming ? 2ms : 50ms);
            co_await pause.async_wait(use_task);
            continue;
        }
        // Full: those idle the longest make room for the newcomer (a few more at once, so that a
        // flood does not scan the table on every accept). With every connection busy answering,
        // there is none to take and the newcomer is turned away.
        if (std::size_t staying = connections.staying(); staying >= bound) {
            if (make_room(staying - bound + 1 + std::min<std::size_t>(32, bound / 128)) == 0) {
                auto now = std::chrono::steady_clock::now();
                if (now - last_full_warning > 60s) {
                    last_full_warning = now;
                    std::cerr << "colloq: " << staying << " connections open, all busy: new ones are turned away\n";
                }
                socket.close(ec);
                continue;
            }
        }
        socket.set_option(net::ip::tcp::no_delay(true), ec);
        auto self = std::make_shared<connection>(context.get_executor());
        self->set(activity::idle, std::chrono::steady_clock::now());
        connections.add(self);
        stream_t stream(std::move(socket));
        auto ex = stream.get_executor();
        if (tls)
            net::co_spawn(ex, serve(tls_stream_t(std::move(stream), *tls), std::move(self)), net::detached);
        else
            net::co_spawn(ex, serve(std::move(stream), std::move(self)), net::detached);
    }
}

void server::impl::begin_stop() {
    if (stopping.exchange(true)) return;
    net::post(acceptor->get_executor(), [this] {
        beast::error_code ignored;
        acceptor->close(ignored);
    });
    connections.for_each([](const std::shared_ptr<connection_slot>& slot) {
        auto c = std::static_pointer_cast<connection>(slot);
        // On the connection's own thread: only a connection waiting idle is cut; one with a
        // request in flight finishes it and then closes (keep-alive is off once stopping).
        net::post(c->executor, [c] {
            beast::error_code ignored;
            if (c->current() == activity::idle && !c->closed && c->stream) c->stream->socket().cancel(ignored);
        });
    });
}

server::server(const config::config& cfg, const api::router& router)
    : impl_(std::make_unique<impl>(cfg, router)) {}

server::~server() = default;

unsigned short server::listen(const std::string& host, unsigned short port) {
    auto address = net::ip::make_address(host);
    net::ip::tcp::endpoint endpoint(address, port);
    auto& acceptor = *impl_->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
    if (!impl_->stop_signals) impl_->stop_signals = std::make_unique<net::signal_set>(*impl_->contexts[0], SIGINT, SIGTERM);
    return acceptor.local_endpoint().port();
}

void server::run() {
    auto& d = *impl_;
    auto& main_context = *d.contexts[0];
    net::co_spawn(main_context, d.accept_loop(), net::detached);

    if (!d.stop_signals) d.stop_signals = std::make_unique<net::signal_set>(main_context, SIGINT, SIGTERM);
    d.stop_signals->async_wait([&](const beast::error_code& ec, int) {
        if (ec) return;
        std::cerr << "colloq: stopping: finishing the requests in flight\n";
        d.begin_stop();
    });

    // Once stopping, the server ends when the last connection closes, or after a grace period.
    std::thread watcher([&] {
        std::optional<std::chrono::steady_clock::time_point> deadline;
        for (;;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
            if (!d.stopping) continue;
            if (!deadline) deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            if (d.connections.size() == 0 || std::chrono::steady_clock::now() > *deadline) break;
        }
        d.stop_all();
    });

    // Store replies come back to the thread whose connection asked.
    auto run_context = [&d](std::size_t i) {
        net::io_context* context = d.contexts[i].get();
        store::set_home_thread([context](std::function<void()> work) {
            if (context->stopped()) return work();  // stopping: no thread runs this context any more
            net::post(*context, std::move(work));
        });
        context->run();
        store::set_home_thread(nullptr);
    };
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < d.contexts.size(); ++i) pool.emplace_back([&, i] {
            pthread_setname_np(pthread_self(), ("colloq-io-" + std::to_string(i)).c_str());
            run_context(i);
        });
    run_context(0);
    for (auto& t : pool) t.join();
    watcher.join();
    d.log.flush();
}

}  // namespace colloq::http
