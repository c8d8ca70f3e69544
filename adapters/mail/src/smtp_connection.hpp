// One SMTP session of the SMTP channel (internal to chancery_mail): opened, greeted,
// EHLO'd, secured and authenticated by the constructor, then used for one transaction
// after another by one thread at a time.
#pragma once

#include <Poco/Net/SMTPClientSession.h>

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>

#include "chancery/engine/dispatch.hpp"
#include "chancery/mail/smtp_channel.hpp"

namespace chancery::mail {

// Poco's SMTPClientSession keeps its socket protected and has no DSN parameters
// (MAILSTACK-NOTES.md): this re-exports the socket; the dialogue is ours. Poco's own
// sendCommand / open / login are not used: DialogSocket::receiveStatusMessage spins
// for ever when the server closes the connection in the middle of a multi-line reply
// (Poco 1.11), so replies are read line by line here (readReply).
class DsnSmtpSession : public Poco::Net::SMTPClientSession {
 public:
  explicit DsnSmtpSession(const Poco::Net::StreamSocket& socket)
      : Poco::Net::SMTPClientSession(socket) {}
  using Poco::Net::SMTPClientSession::socket;
};

// Why a connection could not be opened: the outcome every message waiting for it gets.
class SmtpConnectError : public std::runtime_error {
 public:
  SmtpConnectError(SendStatus status, const std::string& reason)
      : std::runtime_error(reason), status_(status) {}
  SendStatus status() const noexcept { return status_; }

 private:
  SendStatus status_;
};

class SmtpChannel::Connection {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects and prepares the session. Throws SmtpConnectError.
  explicit Connection(const SmtpConfig& config);
  ~Connection();  // closes the socket without QUIT unless quit() ran
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  struct Result {
    SendOutcome outcome;
    // The transaction failed before any of the message was sent, because the server
    // closed or broke a connection that had already carried a transaction (421, reset,
    // EOF): sending again on a fresh connection is safe.
    bool retryOnFreshConnection = false;
  };

  // One transaction: RSET (when this connection has been used), MAIL FROM (RET=HDRS
  // ENVID= when the server offers DSN), RCPT TO (NOTIFY=, ORCPT=), DATA — in one write
  // when the server offers PIPELINING (RFC 2920) —, the bytes dot-stuffed
  // (smtpDataBlock), the final reply. `whileWaiting` (may be empty; must not throw) runs
  // once the data is written, before waiting for the final reply: the batch builds its
  // next message there. Never throws.
  Result send(const OutgoingMessage& message, const std::string& envelopeSender,
              const std::string& bytes, const std::function<void()>& whileWaiting);

  // False once the connection broke, timed out or the server said 421.
  bool usable() const { return usable_; }
  Clock::time_point lastUsed() const { return lastUsed_; }

  // QUIT (waiting at most `timeout` for the reply), then close. Never throws.
  void quit(std::chrono::milliseconds timeout);

 private:
  struct Reply {
    int code = 0;
    std::string text;  // every line, joined with '\n', control characters replaced
  };
  enum class Stage {
    kConnect,
    kGreeting,
    kEhlo,
    kStartTls,
    kAuth,
    kRset,
    kMail,
    kRcpt,
    kData,
    kContent,
    kFinalReply,
    kQuit
  };

  void connect();
  void greet();
  void ehlo();
  void startTls();
  void authenticate();
  Reply command(const std::string& line, Stage stage);
  Reply readReply(Stage stage);
  [[noreturn]] void refuseOpen(const Reply& reply, Stage stage);
  std::string where(Stage stage) const;

  const SmtpConfig& config_;
  std::unique_ptr<DsnSmtpSession> session_;
  bool tlsActive_ = false;
  bool usable_ = true;
  bool quitted_ = false;
  int transactions_ = 0;
  Clock::time_point lastUsed_;
  // From the EHLO reply.
  bool esmtp_ = false;
  bool dsn_ = false;
  bool startTlsOffered_ = false;
  bool sizeOffered_ = false;
  bool pipelining_ = false;
  unsigned long long sizeLimit_ = 0;  // 0: none announced
  std::set<std::string> authMechanisms_;
};

}  // namespace chancery::mail
