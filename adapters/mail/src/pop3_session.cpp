#include "pop3_session.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <sstream>

#include "sigpipe_guard.hpp"
#include "tls.hpp"

namespace chancery::mail {
namespace {

constexpr std::size_t kMaxStatusLine = 4096;
constexpr std::size_t kChunk = std::size_t{64} * 1024;

Poco::Timespan timespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 300)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? '?' : c;
  }
  return out;
}

}  // namespace

Pop3Mailbox::Session::Session(const Pop3Config& config) : config_(config) {
  const std::string server = config_.host + ":" + std::to_string(config_.port);
  const std::string name = config_.tls.serverName.empty() ? config_.host : config_.tls.serverName;
  SigpipeGuard guard;
  try {
    socket_.connect(Poco::Net::SocketAddress(config_.host, config_.port),
                    timespan(config_.connectTimeout));
    socket_.setReceiveTimeout(timespan(config_.commandTimeout));
    socket_.setSendTimeout(timespan(config_.commandTimeout));
    if (config_.security == Security::kTls) {
      socket_ = tls::secure(socket_, name, tls::clientContext(config_.tls));
      tls_ = true;
    }
  } catch (const Poco::Net::ConnectionRefusedException&) {
    throw MailboxUnavailable("connection to the POP3 server " + server +
                             " refused: is it running?");
  } catch (const Poco::TimeoutException&) {
    throw MailboxUnavailable("no answer from the POP3 server " + server + " within " +
                             std::to_string(config_.connectTimeout.count()) + " ms");
  } catch (const Poco::Exception& e) {
    if (tls::isCertificateProblem(e)) {
      throw MailboxUnavailable("the TLS certificate of the POP3 server " + server +
                               " was not accepted (" + printable(e.displayText()) +
                               "): fix the server's certificate or set tls.caFile");
    }
    throw MailboxUnavailable("cannot connect to the POP3 server " + server + ": " +
                             printable(e.displayText()));
  }

  const std::string greeting = statusLine("the greeting");
  if (greeting.rfind("+OK", 0) != 0) {
    throw MailboxUnavailable("the POP3 server " + server +
                             " is not available: " + printable(greeting));
  }

  if (config_.security == Security::kStartTls) {
    bool offered = false;
    socket_.sendBytes("CAPA\r\n", 6);
    if (statusLine("CAPA").rfind("+OK", 0) == 0) {
      std::string capabilities;
      readMultiline(capabilities, std::size_t{64} * 1024);
      std::istringstream lines(capabilities);
      std::string line;
      while (std::getline(lines, line)) {
        if (line.rfind("STLS", 0) == 0) offered = true;
      }
    }
    if (offered) {
      command("STLS", "STLS");
      // Whatever came in clear after +OK is dropped (RFC 2595 / 3207 injection).
      buffer_.clear();
      position_ = 0;
      try {
        socket_ = tls::secure(socket_, name, tls::clientContext(config_.tls));
      } catch (const Poco::Exception& e) {
        throw MailboxUnavailable("TLS with the POP3 server " + server +
                                 " failed: " + printable(e.displayText()));
      }
      tls_ = true;
    } else if (!config_.allowPlaintextFallback) {
      throw MailboxUnavailable("the POP3 server " + server +
                               " does not offer STLS, which the configuration requires: "
                               "enable it on the server or set allowPlaintextFallback");
    }
  }
  if (!tls_ && !config_.allowPlaintextAuth) {
    throw MailboxUnavailable("refusing to send the POP3 password to " + server +
                             " over an unencrypted connection: use security = tls or "
                             "starttls, or set allowPlaintextAuth for a server on this "
                             "machine");
  }
  command("USER " + config_.user, "USER");
  try {
    command("PASS " + config_.password, "PASS");
  } catch (const MailboxUnavailable& e) {
    throw MailboxUnavailable("the POP3 server " + server + " refused the login of \"" +
                             printable(config_.user) + "\": " + e.what());
  }
}

Pop3Mailbox::Session::~Session() {
  SigpipeGuard guard;
  try {
    socket_.close();
  } catch (...) {
  }
}

void Pop3Mailbox::Session::fill() {
  if (position_ > 0 && position_ == buffer_.size()) {
    buffer_.clear();
    position_ = 0;
  }
  char chunk[kChunk];
  const int n = socket_.receiveBytes(chunk, static_cast<int>(sizeof chunk));
  if (n <= 0) throw MailboxUnavailable("the POP3 server closed the connection");
  buffer_.append(chunk, static_cast<std::size_t>(n));
}

bool Pop3Mailbox::Session::readLine(std::string& line, std::size_t limit) {
  line.clear();
  bool fits = true;
  while (true) {
    const auto nl = buffer_.find('\n', position_);
    const std::size_t end = nl == std::string::npos ? buffer_.size() : nl;
    const std::size_t take = end - position_;
    if (fits && line.size() + take <= limit + 1) {  // + 1: the CR before LF
      line.append(buffer_, position_, take);
    } else {
      fits = false;
    }
    if (nl != std::string::npos) {
      position_ = nl + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return fits;
    }
    position_ = buffer_.size();
    fill();
  }
}

std::string Pop3Mailbox::Session::statusLine(const std::string& what) {
  std::string line;
  if (!readLine(line, kMaxStatusLine)) {
    throw MailboxUnavailable("the POP3 server's answer to " + what + " is too long");
  }
  return line;
}

std::string Pop3Mailbox::Session::command(const std::string& line, const std::string& what) {
  const std::string wire = line + "\r\n";
  socket_.sendBytes(wire.data(), static_cast<int>(wire.size()));
  std::string status = statusLine(what);
  if (status.rfind("+OK", 0) != 0) {
    throw MailboxUnavailable(what + " refused by the POP3 server: " + printable(status));
  }
  return status;
}

bool Pop3Mailbox::Session::readMultiline(std::string& out, std::size_t limit) {
  out.clear();
  bool fits = true;
  std::string line;
  const std::size_t hardCap = limit * 4 + std::size_t{16} * 1024 * 1024;
  std::size_t seen = 0;
  while (true) {
    const std::size_t room = fits ? limit - std::min(limit, out.size()) : 0;
    const bool lineFits = readLine(line, std::max<std::size_t>(room, 1));
    if (lineFits && line == ".") return fits;
    seen += line.size() + 2;
    if (seen > hardCap) {
      throw MailboxUnavailable(
          "the POP3 server sent far more than the message's announced "
          "size; the session was dropped");
    }
    if (!fits) continue;
    if (!lineFits || out.size() + line.size() + 2 > limit) {
      fits = false;
      continue;
    }
    if (!line.empty() && line.front() == '.') line.erase(0, 1);  // byte-stuffing
    out += line;
    out += "\r\n";
  }
}

std::vector<Pop3Mailbox::Session::Listing> Pop3Mailbox::Session::list() {
  SigpipeGuard guard;
  std::vector<Listing> listings;
  command("LIST", "LIST");
  std::string body;
  if (!readMultiline(body, std::size_t{64} * 1024 * 1024)) {
    throw MailboxUnavailable("the POP3 LIST answer is too long");
  }
  std::istringstream lines(body);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    Listing listing;
    long long size = -1;
    if (words >> listing.number >> size && listing.number > 0 && size >= 0) {
      listing.size = static_cast<std::size_t>(size);
      listings.push_back(listing);
    }
  }
  // UIDL is optional (RFC 1939 7).
  socket_.sendBytes("UIDL\r\n", 6);
  if (statusLine("UIDL").rfind("+OK", 0) == 0) {
    if (readMultiline(body, std::size_t{64} * 1024 * 1024)) {
      std::istringstream uidLines(body);
      while (std::getline(uidLines, line)) {
        std::istringstream words(line);
        int number = 0;
        std::string uidl;
        if (words >> number >> uidl && uidl.size() <= 70) {
          for (Listing& listing : listings) {
            if (listing.number == number) listing.uidl = printable(uidl);
          }
        }
      }
    }
  }
  return listings;
}

bool Pop3Mailbox::Session::retrieve(int number, std::size_t limit, std::string& out) {
  SigpipeGuard guard;
  const std::string wire = "RETR " + std::to_string(number) + "\r\n";
  socket_.sendBytes(wire.data(), static_cast<int>(wire.size()));
  const std::string status = statusLine("RETR");
  if (status.rfind("+OK", 0) != 0) {
    throw MessageGone("RETR " + std::to_string(number) + " refused: " + printable(status));
  }
  return readMultiline(out, limit);
}

std::string Pop3Mailbox::Session::header(int number, std::size_t limit) {
  SigpipeGuard guard;
  const std::string wire = "TOP " + std::to_string(number) + " 0\r\n";
  socket_.sendBytes(wire.data(), static_cast<int>(wire.size()));
  if (statusLine("TOP").rfind("+OK", 0) != 0) return {};
  std::string out;
  readMultiline(out, limit);
  return out;
}

void Pop3Mailbox::Session::dele(int number) {
  SigpipeGuard guard;
  command("DELE " + std::to_string(number), "DELE " + std::to_string(number));
}

void Pop3Mailbox::Session::quit() {
  SigpipeGuard guard;
  command("QUIT", "QUIT");
  try {
    socket_.close();
  } catch (...) {
  }
}

}  // namespace chancery::mail
