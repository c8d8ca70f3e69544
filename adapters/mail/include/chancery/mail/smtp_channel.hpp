// The email channel: dispatches through an SMTP submission server, asking for delivery
// status notifications (RFC 3461) when the server offers them.
//
// Outcomes (never an exception for a delivery problem):
//   kSent      the server answered 250 after the data; reply = its words.
//   kDeferred  4xx anywhere, connection refused / lost / timed out, TLS trouble on the
//              wire: try again later. When the connection broke after the data was sent
//              the server may have taken the message; the reply says so, and a resend
//              carries the same Message-ID.
//   kFailed    5xx (at MAIL, RCPT, DATA or after the data), a message that fails
//              MessageBuilder::check (header injection, bad address: nothing is sent),
//              and configuration the server cannot satisfy (STARTTLS required but not
//              offered, certificate not trusted, authentication refused): retrying the
//              same thing will not help; the reason says what to fix.
//
// Threads: send() and sendBatch() may be called concurrently from any number of
// threads; each call works on a connection of its own, taken from a small pool of idle
// connections (kept for at most maxIdle) or newly opened.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chancery/engine/dispatch.hpp"
#include "chancery/mail/tls_options.hpp"

namespace chancery::mail {

enum class SmtpAuth { kNone, kPlain, kLogin };

struct SmtpConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 25;
  std::string heloName = "localhost";  // our name in EHLO / HELO
  Security security = Security::kNone;
  // With kStartTls: go on without TLS when the server does not offer STARTTLS.
  bool allowPlaintextFallback = false;
  SmtpAuth auth = SmtpAuth::kNone;
  std::string user;
  std::string password;
  // Credentials are only sent over TLS unless this is set (a server on loopback).
  bool allowPlaintextAuth = false;
  TlsOptions tls;
  std::chrono::milliseconds connectTimeout{30'000};
  std::chrono::milliseconds commandTimeout{300'000};     // each reply (RFC 5321 4.5.3.2)
  std::chrono::milliseconds finalReplyTimeout{600'000};  // the reply after the data
  // An idle pooled connection older than this is closed rather than reused (servers drop
  // idle clients after a few minutes; Postfix after 300 s).
  std::chrono::milliseconds maxIdle{30'000};
  std::size_t maxIdleConnections = 4;
  // MAIL FROM address (where DSNs and bounces go). Empty: each message's `from`.
  std::string envelopeSender;
  // Ask for DSNs (when the server advertises DSN in EHLO).
  bool requestDsn = true;
};

class SmtpChannel final : public chancery::Channel {
 public:
  // Throws std::invalid_argument when the configuration is unusable (empty host, CR/LF
  // in heloName or the credentials, invalid envelopeSender ...).
  explicit SmtpChannel(SmtpConfig config);
  ~SmtpChannel() override;  // QUITs the idle connections
  SmtpChannel(const SmtpChannel&) = delete;
  SmtpChannel& operator=(const SmtpChannel&) = delete;

  // A batch of one.
  SendOutcome send(const OutgoingMessage& message) override;

  // Sends the messages in order over one connection (RSET between transactions),
  // reconnecting when the server says 421 or has dropped an idle connection. Returns one
  // outcome per message, in order. Messages that fail MessageBuilder::check are refused
  // before any connection is made.
  std::vector<SendOutcome> sendBatch(const std::vector<OutgoingMessage>& messages);

  // QUITs and closes the idle connections (the next send opens a new one).
  void closeIdleConnections();

  // Connections opened so far (for tests and monitoring).
  std::size_t connectionsOpened() const;

  class Connection;  // one SMTP session (src/smtp_connection.hpp)

 private:
  std::unique_ptr<Connection> takeIdle();
  void giveBack(std::unique_ptr<Connection> connection);

  const SmtpConfig config_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  std::size_t opened_ = 0;                         // guarded by mutex_
};

}  // namespace chancery::mail
