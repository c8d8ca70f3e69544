#include "fake_smtp_server.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace chancery::mail::testing {
namespace {

class Dropped : public std::exception {};

Poco::Net::Context::Ptr serverContext(const SmtpScript& script) {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
  return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, script.keyFile,
                                script.certificateFile, "", Poco::Net::Context::VERIFY_NONE);
}

// Line-oriented reading over a socket that may be swapped for a TLS one.
class Wire {
 public:
  Wire(Poco::Net::StreamSocket socket, const std::atomic<bool>& stopping)
      : socket_(std::move(socket)), stopping_(stopping) {
    socket_.setReceiveTimeout(Poco::Timespan(0, 50'000));
  }

  Poco::Net::StreamSocket& socket() { return socket_; }
  void replace(Poco::Net::StreamSocket socket) {
    socket_ = std::move(socket);
    socket_.setReceiveTimeout(Poco::Timespan(0, 50'000));
    buffer_.clear();
  }

  // A line without its CRLF; throws Dropped on EOF or when stopping.
  std::string line() {
    while (true) {
      const auto nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        std::string l = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        if (!l.empty() && l.back() == '\r') l.pop_back();
        return l;
      }
      fill();
    }
  }

  // Raw bytes up to the end-of-data mark "\r\n.\r\n" (or ".\r\n" at the very start).
  std::string data() {
    while (true) {
      if (buffer_.rfind(".\r\n", 0) == 0) {
        buffer_.erase(0, 3);
        return {};
      }
      const auto end = buffer_.find("\r\n.\r\n");
      if (end != std::string::npos) {
        std::string wire = buffer_.substr(0, end + 2);
        buffer_.erase(0, end + 5);
        return wire;
      }
      fill();
    }
  }

  void send(const std::string& text) {
    const std::string out = text + "\r\n";
    socket_.sendBytes(out.data(), static_cast<int>(out.size()));
  }

 private:
  void fill() {
    char chunk[65536];
    while (true) {
      if (stopping_.load()) throw Dropped();
      try {
        const int n = socket_.receiveBytes(chunk, sizeof chunk);
        if (n <= 0) throw Dropped();
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return;
      } catch (const Poco::TimeoutException&) {
        continue;
      } catch (const Poco::Exception&) {
        throw Dropped();
      }
    }
  }

  Poco::Net::StreamSocket socket_;
  const std::atomic<bool>& stopping_;
  std::string buffer_;
};

std::string unstuff(const std::string& wire) {
  std::string out;
  std::size_t pos = 0;
  while (pos < wire.size()) {
    auto nl = wire.find("\r\n", pos);
    const std::size_t end = nl == std::string::npos ? wire.size() : nl + 2;
    std::string_view line(wire.data() + pos, end - pos);
    if (!line.empty() && line.front() == '.') line.remove_prefix(1);
    out.append(line);
    pos = end;
  }
  return out;
}

}  // namespace

FakeSmtpServer::FakeSmtpServer(SmtpScript script)
    : script_(std::move(script)), listener_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
  port_ = listener_.address().port();
  acceptor_ = std::thread([this] { acceptLoop(); });
}

FakeSmtpServer::~FakeSmtpServer() { stop(); }

void FakeSmtpServer::stop() {
  if (stopping_.exchange(true)) return;
  stopped_.notify_all();
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
  for (auto& worker : workers) worker.join();
  try {
    listener_.close();
  } catch (...) {
  }
}

void FakeSmtpServer::acceptLoop() {
  while (!stopping_.load()) {
    try {
      if (!listener_.poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket socket = listener_.acceptConnection();
      const int connection = connections_.fetch_add(1);
      std::lock_guard lock(mutex_);
      workers_.emplace_back([this, socket, connection] { serve(socket, connection); });
    } catch (...) {
    }
  }
}

std::vector<ReceivedMessage> FakeSmtpServer::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

std::vector<std::string> FakeSmtpServer::commands() const {
  std::lock_guard lock(mutex_);
  return commands_;
}

int FakeSmtpServer::count(const std::string& prefix) const {
  std::lock_guard lock(mutex_);
  int n = 0;
  for (const auto& c : commands_) {
    const auto colon = c.find(": ");
    if (colon != std::string::npos &&
        Poco::icompare(c.substr(colon + 2, prefix.size()), prefix) == 0) {
      ++n;
    }
  }
  return n;
}

void FakeSmtpServer::serve(Poco::Net::StreamSocket socket, int connection) {
  try {
    if (script_.implicitTls) {
      socket = Poco::Net::SecureStreamSocket::attach(socket, serverContext(script_));
    }
    Wire wire(socket, stopping_);
    int transaction = -1;
    bool mailAccepted = false;
    int validRecipients = 0;
    ReceivedMessage current;
    current.connection = connection;

    // Applies the scripted or default reaction. Returns false when the connection ends.
    std::string lastReply;
    auto act = [&](SmtpStage stage, const std::string& line, const std::string& fallback) {
      std::optional<Reaction> reaction;
      if (script_.react) reaction = script_.react(Moment{stage, connection, transaction, line});
      const Reaction r = reaction ? *reaction : Reaction::reply(fallback);
      lastReply = r.kind == Reaction::Kind::kReply || r.kind == Reaction::Kind::kReplyThenDrop
                      ? r.text
                      : std::string();
      switch (r.kind) {
        case Reaction::Kind::kReply:
          wire.send(r.text);
          return true;
        case Reaction::Kind::kHang: {
          std::unique_lock lock(mutex_);
          stopped_.wait(lock, [&] { return stopping_.load(); });
          return false;
        }
        case Reaction::Kind::kDrop:
          return false;
        case Reaction::Kind::kReplyThenDrop:
          wire.send(r.text);
          return false;
      }
      return false;
    };

    if (!act(SmtpStage::kGreeting, "", script_.greeting)) throw Dropped();
    while (true) {
      const std::string line = wire.line();
      {
        std::lock_guard lock(mutex_);
        commands_.push_back("c" + std::to_string(connection) + ": " + line);
      }
      const std::string verb = Poco::toUpper(line.substr(0, line.find(' ')));
      bool alive = true;
      if (verb == "EHLO") {
        if (!script_.ehloSupported) {
          alive = act(SmtpStage::kEhlo, line, "502 5.5.2 Error: command not recognized");
        } else {
          std::string reply = "250-fake.test";
          for (std::size_t i = 0; i < script_.extensions.size(); ++i) {
            reply += (i + 1 == script_.extensions.size() ? "\r\n250 " : "\r\n250-") +
                     script_.extensions[i];
          }
          if (script_.extensions.empty()) reply = "250 fake.test";
          alive = act(SmtpStage::kEhlo, line, reply);
        }
      } else if (verb == "HELO") {
        alive = act(SmtpStage::kHelo, line, "250 fake.test");
      } else if (verb == "STARTTLS") {
        const bool possible = !script_.certificateFile.empty();
        alive = act(SmtpStage::kStartTls, line,
                    possible ? "220 2.0.0 Ready to start TLS" : "502 5.5.1 STARTTLS not here");
        if (alive && possible) {
          wire.replace(
              Poco::Net::SecureStreamSocket::attach(wire.socket(), serverContext(script_)));
        }
      } else if (verb == "AUTH") {
        if (Poco::toUpper(line).rfind("AUTH LOGIN", 0) == 0) {
          alive = act(SmtpStage::kAuth, line, "334 VXNlcm5hbWU6");
          if (alive) {
            const std::string user = wire.line();
            {
              std::lock_guard lock(mutex_);
              commands_.push_back("c" + std::to_string(connection) + ": " + user);
            }
            wire.send("334 UGFzc3dvcmQ6");
            const std::string password = wire.line();
            {
              std::lock_guard lock(mutex_);
              commands_.push_back("c" + std::to_string(connection) + ": " + password);
            }
            wire.send("235 2.7.0 Authentication successful");
          }
        } else {
          alive = act(SmtpStage::kAuth, line, "235 2.7.0 Authentication successful");
        }
      } else if (verb.rfind("MAIL", 0) == 0) {
        ++transaction;
        current = ReceivedMessage{};
        current.connection = connection;
        current.mailFrom = line;
        validRecipients = 0;
        alive = act(SmtpStage::kMail, line, "250 2.1.0 Ok");
        mailAccepted = lastReply.rfind("2", 0) == 0;
      } else if (verb.rfind("RCPT", 0) == 0) {
        current.rcptTo.push_back(line);
        alive = act(SmtpStage::kRcpt, line,
                    mailAccepted ? "250 2.1.5 Ok" : "503 5.5.1 Error: need MAIL command");
        if (lastReply.rfind("2", 0) == 0) ++validRecipients;
      } else if (verb == "DATA") {
        alive = act(SmtpStage::kData, line,
                    !mailAccepted          ? "503 5.5.1 Error: need MAIL command"
                    : validRecipients == 0 ? "554 5.5.1 Error: no valid recipients"
                                           : "354 End data with <CR><LF>.<CR><LF>");
        if (alive && lastReply.rfind("354", 0) == 0) {
          current.wire = wire.data();
          current.data = unstuff(current.wire);
          {
            std::lock_guard lock(mutex_);
            messages_.push_back(current);
          }
          alive = act(SmtpStage::kEndOfData, "",
                      "250 2.0.0 Ok: queued as FAKE" + std::to_string(connection) + "x" +
                          std::to_string(transaction));
        }
      } else if (verb == "RSET") {
        mailAccepted = false;
        validRecipients = 0;
        alive = act(SmtpStage::kRset, line, "250 2.0.0 Ok");
      } else if (verb == "QUIT") {
        act(SmtpStage::kQuit, line, "221 2.0.0 Bye");
        alive = false;
      } else if (verb == "NOOP") {
        alive = act(SmtpStage::kOther, line, "250 2.0.0 Ok");
      } else {
        alive = act(SmtpStage::kOther, line, "502 5.5.2 Error: command not recognized");
      }
      if (!alive) break;
    }
  } catch (...) {
  }
  try {
    socket.close();
  } catch (...) {
  }
}

std::optional<TestCertificate> makeTestCertificate() {
  if (std::system("command -v openssl >/dev/null 2>&1") != 0) return std::nullopt;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("chancery-mail-tls-" + std::to_string(::getpid()) + "-" +
       std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 100000));
  std::filesystem::create_directories(dir);
  TestCertificate certificate{dir.string(), (dir / "cert.pem").string(),
                              (dir / "key.pem").string()};
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" +
      certificate.keyFile + "' -out '" + certificate.certificateFile + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return std::nullopt;
  return certificate;
}

std::uint16_t unusedPort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  const std::uint16_t port = socket.address().port();
  socket.close();
  return port;
}

}  // namespace chancery::mail::testing
