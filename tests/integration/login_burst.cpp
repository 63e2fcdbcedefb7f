#include "login_burst.hpp"

#include <chrono>
#include <memory>

#include <boost/json.hpp>

#include "raw_socket.hpp"

namespace colloq_it {

namespace {

std::string login_request(const std::string& email, const std::string& password) {
    std::string body = boost::json::serialize(boost::json::object{{"email", email}, {"password", password}});
    return "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

burst_outcome login_burst(const std::vector<int>& ports, const std::string& email, const std::string& password,
                          int attempts) {
    // Every connection open first, then the requests written one after another without waiting
    // for any answer: all of them are in flight before the first password is checked.
    std::vector<std::unique_ptr<raw_socket>> sockets;
    for (int i = 0; i < attempts; ++i) sockets.push_back(std::make_unique<raw_socket>(ports[i % ports.size()]));
    for (int i = 0; i < attempts; ++i) {
        bool last = i == attempts - 1;
        sockets[i]->send_all(login_request(email, last ? password : "mauvais-" + std::to_string(i)));
    }
    burst_outcome out;
    for (int i = 0; i < attempts; ++i) {
        auto r = sockets[i]->read_response(std::chrono::seconds(60));
        int status = r ? r->status : 0;
        if (status == 401 || status == 200) ++out.hashed;
        else if (status == 429) ++out.limited;
        else ++out.other;
        if (i == attempts - 1) out.right_status = status;
    }
    return out;
}

}  // namespace colloq_it
