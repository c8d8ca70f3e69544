#include "fake_pop3_server.hpp"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

#include <set>
#include <sstream>

namespace chancery::mail::testing {
namespace {

class Dropped : public std::exception {};

std::string stuffed(const std::string& raw) {
  std::string out;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    auto nl = raw.find("\r\n", pos);
    const std::size_t end = nl == std::string::npos ? raw.size() : nl + 2;
    if (raw[pos] == '.') out += '.';
    out.append(raw, pos, end - pos);
    pos = end;
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out + ".\r\n";
}

}  // namespace

FakePop3Server::FakePop3Server(std::vector<std::string> messages, Pop3Script script)
    : script_(std::move(script)),
      listener_(Poco::Net::SocketAddress("127.0.0.1", 0)),
      mailbox_(std::move(messages)) {
  port_ = listener_.address().port();
  acceptor_ = std::thread([this] { acceptLoop(); });
}

FakePop3Server::~FakePop3Server() { stop(); }

void FakePop3Server::stop() {
  if (stopping_.exchange(true)) return;
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& worker : workers_) worker.join();
}

std::vector<std::string> FakePop3Server::mailbox() const {
  std::lock_guard lock(mutex_);
  return mailbox_;
}

std::vector<std::string> FakePop3Server::commands() const {
  std::lock_guard lock(mutex_);
  return commands_;
}

void FakePop3Server::acceptLoop() {
  while (!stopping_.load()) {
    try {
      if (!listener_.poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket socket = listener_.acceptConnection();
      workers_.emplace_back([this, socket] { serve(socket); });
    } catch (...) {
    }
  }
}

void FakePop3Server::serve(Poco::Net::StreamSocket socket) {
  std::string buffer;
  socket.setReceiveTimeout(Poco::Timespan(0, 50'000));
  auto line = [&] {
    while (true) {
      const auto nl = buffer.find("\r\n");
      if (nl != std::string::npos) {
        std::string l = buffer.substr(0, nl);
        buffer.erase(0, nl + 2);
        return l;
      }
      char chunk[4096];
      try {
        if (stopping_.load()) throw Dropped();
        const int n = socket.receiveBytes(chunk, sizeof chunk);
        if (n <= 0) throw Dropped();
        buffer.append(chunk, static_cast<std::size_t>(n));
      } catch (const Poco::TimeoutException&) {
      } catch (const Poco::Exception&) {
        throw Dropped();
      }
    }
  };
  auto send = [&](const std::string& text) {
    socket.sendBytes(text.data(), static_cast<int>(text.size()));
  };
  try {
    std::vector<std::string> messages;
    {
      std::lock_guard lock(mutex_);
      messages = mailbox_;
    }
    std::set<int> marked;
    bool authorised = false;
    std::string user;
    send("+OK POP3 fake ready\r\n");
    while (true) {
      const std::string l = line();
      {
        std::lock_guard lock(mutex_);
        commands_.push_back(l);
      }
      std::istringstream words(l);
      std::string verb;
      words >> verb;
      int n = 0;
      words >> n;
      const bool valid = n >= 1 && n <= static_cast<int>(messages.size()) && marked.count(n) == 0;
      if (verb == "USER") {
        user = l.substr(5);
        send("+OK\r\n");
      } else if (verb == "PASS") {
        authorised = user == script_.user && l.substr(5) == script_.password;
        send(authorised ? "+OK logged in\r\n" : "-ERR [AUTH] Authentication failed.\r\n");
      } else if (verb == "CAPA") {
        send("+OK\r\nUSER\r\n" + std::string(script_.uidl ? "UIDL\r\n" : "") +
             (script_.top ? "TOP\r\n" : "") + ".\r\n");
      } else if (!authorised) {
        send("-ERR not authorised\r\n");
      } else if (verb == "LIST") {
        std::string out = "+OK\r\n";
        for (std::size_t i = 0; i < messages.size(); ++i) {
          if (marked.count(static_cast<int>(i + 1))) continue;
          out += std::to_string(i + 1) + " " +
                 std::to_string(static_cast<long>(messages[i].size()) +
                                (i == 0 ? script_.firstSizeDelta : 0)) +
                 "\r\n";
        }
        send(out + ".\r\n");
      } else if (verb == "UIDL" && script_.uidl) {
        std::string out = "+OK\r\n";
        for (std::size_t i = 0; i < messages.size(); ++i) {
          out += std::to_string(i + 1) + " uid-" + std::to_string(i + 1) + "\r\n";
        }
        send(out + ".\r\n");
      } else if (verb == "RETR" && valid) {
        std::string body = stuffed(messages[n - 1]);
        if (n == script_.dropDuringRetrOf) {
          send("+OK\r\n" + body.substr(0, body.size() / 2));
          throw Dropped();
        }
        send("+OK " + std::to_string(messages[n - 1].size()) + " octets\r\n" + body);
      } else if (verb == "TOP" && valid && script_.top) {
        const std::string& raw = messages[n - 1];
        const auto end = raw.find("\r\n\r\n");
        send("+OK\r\n" + stuffed(raw.substr(0, end == std::string::npos ? raw.size() : end + 2)));
      } else if (verb == "DELE" && valid) {
        marked.insert(n);
        send("+OK marked\r\n");
      } else if (verb == "QUIT") {
        std::lock_guard lock(mutex_);
        std::vector<std::string> left;
        for (std::size_t i = 0; i < mailbox_.size(); ++i) {
          if (marked.count(static_cast<int>(i + 1)) == 0) left.push_back(mailbox_[i]);
        }
        mailbox_ = left;
        send("+OK bye\r\n");
        break;
      } else {
        send("-ERR no\r\n");
      }
    }
  } catch (...) {
  }
  try {
    socket.close();
  } catch (...) {
  }
}

}  // namespace chancery::mail::testing
