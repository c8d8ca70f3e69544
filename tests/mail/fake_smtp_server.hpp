// A fault-injecting SMTP server for the SMTP channel's tests: a threaded TCP server on
// 127.0.0.1 (ephemeral port) speaking enough ESMTP (EHLO extensions, STARTTLS, AUTH,
// MAIL/RCPT/DATA/RSET/QUIT) for the client, with scripted faults at any stage: any
// reply, hang (never answer), drop the connection, answer then drop. It records every
// command line and every message exactly as it came over the wire.
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace chancery::mail::testing {

enum class SmtpStage {
  kGreeting,
  kEhlo,
  kHelo,
  kStartTls,
  kAuth,
  kMail,
  kRcpt,
  kData,       // the DATA command
  kEndOfData,  // the message's final "."
  kRset,
  kQuit,
  kOther,
};

struct Reaction {
  enum class Kind { kReply, kHang, kDrop, kReplyThenDrop };
  Kind kind = Kind::kReply;
  std::string text;  // the reply, lines separated by "\r\n", without the final CRLF

  static Reaction reply(std::string text) { return {Kind::kReply, std::move(text)}; }
  static Reaction hang() { return {Kind::kHang, {}}; }
  static Reaction drop() { return {Kind::kDrop, {}}; }
  static Reaction replyThenDrop(std::string text) {
    return {Kind::kReplyThenDrop, std::move(text)};
  }
};

// Which connection (0-based, in accept order), which transaction on it (0-based: counts
// MAIL commands), and the command line (empty for the greeting and the end of data).
struct Moment {
  SmtpStage stage;
  int connection;
  int transaction;
  std::string line;
};

struct SmtpScript {
  std::string greeting = "220 fake.test ESMTP Chancery test server";
  // EHLO keywords after the first line; "STARTTLS" is honoured only with a certificate.
  std::vector<std::string> extensions = {"PIPELINING", "SIZE 52428800", "DSN", "8BITMIME"};
  bool ehloSupported = true;  // false: EHLO gets 502, HELO works
  // Return a reaction to replace the default one at that moment; nullopt: default.
  std::function<std::optional<Reaction>(const Moment&)> react;
  // PEM files; with them STARTTLS works and implicitTls is possible.
  std::string certificateFile;
  std::string keyFile;
  bool implicitTls = false;
};

struct ReceivedMessage {
  int connection = 0;
  std::string mailFrom;             // the whole MAIL command line
  std::vector<std::string> rcptTo;  // the whole RCPT command lines
  std::string wire;                 // bytes after 354 up to (not including) ".\r\n"
  std::string data;                 // `wire` with dot-stuffing removed
};

class FakeSmtpServer {
 public:
  explicit FakeSmtpServer(SmtpScript script = {});
  ~FakeSmtpServer();  // stop()
  FakeSmtpServer(const FakeSmtpServer&) = delete;
  FakeSmtpServer& operator=(const FakeSmtpServer&) = delete;

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }
  // Messages whose final "." arrived (whatever the reply to it).
  std::vector<ReceivedMessage> messages() const;
  // Every command line, in order, prefixed "cN: " with the connection number.
  std::vector<std::string> commands() const;
  int count(const std::string& commandPrefix) const;  // lines starting with it

  // Unblocks hanging connections, closes everything, joins the threads. Idempotent.
  void stop();

 private:
  void acceptLoop();
  void serve(Poco::Net::StreamSocket socket, int connection);

  SmtpScript script_;
  Poco::Net::ServerSocket listener_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  std::vector<ReceivedMessage> messages_;
  std::vector<std::string> commands_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

// Self-signed certificate for CN=localhost (SAN DNS:localhost, IP:127.0.0.1) made with
// the openssl command in a fresh temporary directory; nullopt when openssl is missing.
struct TestCertificate {
  std::string directory;
  std::string certificateFile;
  std::string keyFile;
};
std::optional<TestCertificate> makeTestCertificate();

// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed).
std::uint16_t unusedPort();

}  // namespace chancery::mail::testing
