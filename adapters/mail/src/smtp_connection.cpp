#include "smtp_connection.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <sstream>

#include "chancery/mail/header_checks.hpp"
#include "chancery/mail/smtp_data.hpp"
#include "sigpipe_guard.hpp"
#include "tls.hpp"

namespace chancery::mail {
namespace {

constexpr int kMaxReplyLines = 200;

// The server closed the connection (EOF) where a reply was due.
class ConnectionLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A reply that is not SMTP.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Poco::Timespan timespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

std::string duration(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + " s";
  return std::to_string(ms.count()) + " ms";
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 512)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? '?' : c;
  }
  return out;
}

std::string base64(const std::string& s) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << s;
  encoder.close();
  return out.str();
}

int replyClass(int code) { return code / 100; }

}  // namespace

SmtpChannel::Connection::Connection(const SmtpConfig& config) : config_(config) {
  SigpipeGuard guard;
  Stage stage = Stage::kConnect;
  try {
    connect();
    stage = Stage::kGreeting;
    greet();
    stage = Stage::kEhlo;
    ehlo();
    stage = Stage::kStartTls;
    startTls();
    stage = Stage::kAuth;
    authenticate();
  } catch (const SmtpConnectError&) {
    usable_ = false;
    throw;
  } catch (const Poco::TimeoutException&) {
    usable_ = false;
    if (stage == Stage::kConnect) {
      throw SmtpConnectError(SendStatus::kDeferred, "no answer " + where(stage) + " within " +
                                                        duration(config_.connectTimeout));
    }
    throw SmtpConnectError(SendStatus::kDeferred, "no reply " + where(stage) + " within " +
                                                      duration(config_.commandTimeout));
  } catch (const Poco::Net::ConnectionRefusedException&) {
    usable_ = false;
    throw SmtpConnectError(SendStatus::kDeferred, "connection to " + config_.host + ":" +
                                                      std::to_string(config_.port) +
                                                      " refused: is the mail server running?");
  } catch (const Poco::Exception& e) {
    usable_ = false;
    if (tls::isCertificateProblem(e)) {
      throw SmtpConnectError(
          SendStatus::kFailed,
          "the TLS certificate of " + config_.host + ":" + std::to_string(config_.port) +
              " was not accepted (" + printable(e.displayText()) +
              "): give the server a certificate that names it and is signed by a trusted "
              "authority, or set tls.caFile / tls.serverName");
    }
    throw SmtpConnectError(SendStatus::kDeferred, "connection trouble " + where(stage) + ": " +
                                                      printable(e.displayText()));
  } catch (const ConnectionLost&) {
    usable_ = false;
    throw SmtpConnectError(SendStatus::kDeferred,
                           "the server closed the connection " + where(stage));
  } catch (const std::exception& e) {
    usable_ = false;
    throw SmtpConnectError(SendStatus::kDeferred,
                           "connection trouble " + where(stage) + ": " + printable(e.what()));
  }
  lastUsed_ = Clock::now();
}

SmtpChannel::Connection::~Connection() {
  if (session_ && !quitted_) {
    SigpipeGuard guard;
    try {
      session_->socket().close();
    } catch (...) {
    }
  }
}

void SmtpChannel::Connection::connect() {
  const Poco::Net::SocketAddress address(config_.host, config_.port);
  Poco::Net::StreamSocket socket;
  socket.connect(address, timespan(config_.connectTimeout));
  socket.setReceiveTimeout(timespan(config_.commandTimeout));
  socket.setSendTimeout(timespan(config_.commandTimeout));
  socket.setNoDelay(true);
  if (config_.security == Security::kTls) {
    const std::string name = config_.tls.serverName.empty() ? config_.host : config_.tls.serverName;
    socket = tls::secure(socket, name, tls::clientContext(config_.tls));
    tlsActive_ = true;
  }
  session_ = std::make_unique<DsnSmtpSession>(socket);
}

void SmtpChannel::Connection::greet() {
  const Reply reply = readReply(Stage::kGreeting);
  if (reply.code != 220) refuseOpen(reply, Stage::kGreeting);
}

void SmtpChannel::Connection::ehlo() {
  Reply reply = command("EHLO " + config_.heloName, Stage::kEhlo);
  esmtp_ = reply.code == 250;
  if (!esmtp_) {
    if (replyClass(reply.code) != 5 || reply.code == 554) refuseOpen(reply, Stage::kEhlo);
    reply = command("HELO " + config_.heloName, Stage::kEhlo);
    if (reply.code != 250) refuseOpen(reply, Stage::kEhlo);
    return;
  }
  dsn_ = startTlsOffered_ = sizeOffered_ = pipelining_ = false;
  sizeLimit_ = 0;
  authMechanisms_.clear();
  std::istringstream lines(reply.text);
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    if (first) {  // "250-mail.example greets you"
      first = false;
      continue;
    }
    if (line.size() < 4) continue;
    std::istringstream words(Poco::toUpper(line.substr(4)));
    std::string keyword;
    words >> keyword;
    if (keyword == "DSN") {
      dsn_ = true;
    } else if (keyword == "PIPELINING") {
      pipelining_ = true;
    } else if (keyword == "STARTTLS") {
      startTlsOffered_ = true;
    } else if (keyword == "SIZE") {
      sizeOffered_ = true;
      unsigned long long limit = 0;
      if (words >> limit) sizeLimit_ = limit;
    } else if (keyword == "AUTH" || keyword.rfind("AUTH=", 0) == 0) {
      if (keyword != "AUTH") authMechanisms_.insert(keyword.substr(5));
      std::string mechanism;
      while (words >> mechanism) authMechanisms_.insert(mechanism);
    }
  }
}

void SmtpChannel::Connection::startTls() {
  if (config_.security != Security::kStartTls) return;
  if (!startTlsOffered_) {
    if (config_.allowPlaintextFallback) return;
    throw SmtpConnectError(
        SendStatus::kFailed,
        "the server at " + config_.host + ":" + std::to_string(config_.port) +
            " does not offer STARTTLS, and the channel requires it (security = starttls): "
            "enable STARTTLS on the server, or set allowPlaintextFallback to send in clear");
  }
  const Reply reply = command("STARTTLS", Stage::kStartTls);
  if (reply.code != 220) refuseOpen(reply, Stage::kStartTls);
  // A fresh session over the secured socket: whatever the server may have sent after its
  // 220 in clear (RFC 3207 5: command injection) stays in the old session's buffer.
  const Poco::Net::StreamSocket plain = session_->socket();
  const std::string name = config_.tls.serverName.empty() ? config_.host : config_.tls.serverName;
  const Poco::Net::StreamSocket secured = tls::secure(plain, name, tls::clientContext(config_.tls));
  session_ = std::make_unique<DsnSmtpSession>(secured);
  tlsActive_ = true;
  ehlo();  // RFC 3207 4.2: forget what was learnt before TLS
}

void SmtpChannel::Connection::authenticate() {
  if (config_.auth == SmtpAuth::kNone) return;
  const std::string server = config_.host + ":" + std::to_string(config_.port);
  if (!tlsActive_ && !config_.allowPlaintextAuth) {
    throw SmtpConnectError(SendStatus::kFailed,
                           "refusing to send the SMTP password to " + server +
                               " over an unencrypted connection: use security = starttls or "
                               "tls, or set allowPlaintextAuth for a server on this machine");
  }
  const std::string mechanism = config_.auth == SmtpAuth::kPlain ? "PLAIN" : "LOGIN";
  if (authMechanisms_.count(mechanism) == 0) {
    throw SmtpConnectError(
        SendStatus::kFailed, "the server at " + server + " does not offer AUTH " + mechanism +
                                 " (it offers: " +
                                 [&] {
                                   std::string all;
                                   for (const auto& m : authMechanisms_) {
                                     all += (all.empty() ? "" : " ") + m;
                                   }
                                   return all.empty() ? "none" : all;
                                 }() +
                                 "); choose another auth setting");
  }
  Reply reply;
  if (config_.auth == SmtpAuth::kPlain) {
    reply = command("AUTH PLAIN " + base64(std::string(1, '\0') + config_.user +
                                           std::string(1, '\0') + config_.password),
                    Stage::kAuth);
  } else {
    reply = command("AUTH LOGIN", Stage::kAuth);
    if (reply.code == 334) reply = command(base64(config_.user), Stage::kAuth);
    if (reply.code == 334) reply = command(base64(config_.password), Stage::kAuth);
  }
  if (reply.code == 235) return;
  if (replyClass(reply.code) == 5) {
    throw SmtpConnectError(SendStatus::kFailed, "the server at " + server +
                                                    " refused the login of user \"" +
                                                    printable(config_.user) + "\": " + reply.text +
                                                    "; check the user and password");
  }
  refuseOpen(reply, Stage::kAuth);
}

SmtpChannel::Connection::Reply SmtpChannel::Connection::command(const std::string& line,
                                                                Stage stage) {
  session_->socket().sendMessage(line);
  return readReply(stage);
}

SmtpChannel::Connection::Reply SmtpChannel::Connection::readReply(Stage stage) {
  Reply reply;
  std::string line;
  for (int count = 1;; ++count) {
    if (!session_->socket().receiveMessage(line)) {
      throw ConnectionLost("the server closed the connection " + where(stage));
    }
    const bool numeric = line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
                         std::isdigit(static_cast<unsigned char>(line[1])) &&
                         std::isdigit(static_cast<unsigned char>(line[2]));
    if (!numeric || (line.size() > 3 && line[3] != ' ' && line[3] != '-') ||
        count > kMaxReplyLines) {
      throw ProtocolError("not an SMTP reply " + where(stage) + ": \"" + printable(line) + "\"");
    }
    if (reply.code == 0) reply.code = std::stoi(line.substr(0, 3));
    if (!reply.text.empty()) reply.text += '\n';
    reply.text += printable(line);
    if (line.size() == 3 || line[3] == ' ') return reply;
  }
}

void SmtpChannel::Connection::refuseOpen(const Reply& reply, Stage stage) {
  const std::string server = config_.host + ":" + std::to_string(config_.port);
  if (replyClass(reply.code) == 5) {
    throw SmtpConnectError(SendStatus::kFailed, "the server at " + server + " refused us " +
                                                    where(stage) + ": " + reply.text);
  }
  throw SmtpConnectError(SendStatus::kDeferred, "the server at " + server +
                                                    " is not accepting mail now (" + where(stage) +
                                                    "): " + reply.text);
}

std::string SmtpChannel::Connection::where(Stage stage) const {
  const std::string server = config_.host + ":" + std::to_string(config_.port);
  switch (stage) {
    case Stage::kConnect:
      return "connecting to " + server;
    case Stage::kGreeting:
      return "at the greeting of " + server;
    case Stage::kEhlo:
      return "at EHLO";
    case Stage::kStartTls:
      return "at STARTTLS";
    case Stage::kAuth:
      return "at AUTH";
    case Stage::kRset:
      return "at RSET";
    case Stage::kMail:
      return "at MAIL FROM";
    case Stage::kRcpt:
      return "at RCPT TO";
    case Stage::kData:
      return "at DATA";
    case Stage::kContent:
      return "while sending the message data";
    case Stage::kFinalReply:
      return "after the message data";
    case Stage::kQuit:
      return "at QUIT";
  }
  return "";
}

SmtpChannel::Connection::Result SmtpChannel::Connection::send(
    const OutgoingMessage& message, const std::string& envelopeSender, const std::string& bytes,
    const std::function<void()>& whileWaiting) {
  SigpipeGuard guard;
  Result result;
  Stage stage = Stage::kRset;
  const bool reused = transactions_ > 0;
  ++transactions_;
  lastUsed_ = Clock::now();
  const std::string ambiguity =
      " — the server may or may not have taken the message; a resend carries the same "
      "Message-ID " +
      message.messageId;

  // A reply other than `expected` (class 2 or 3) ends the transaction.
  auto refused = [&](const Reply& reply, const std::string& what) {
    const bool beforeData = stage != Stage::kFinalReply;
    if (reply.code == 421) {
      usable_ = false;
      result.retryOnFreshConnection = reused && beforeData;
      result.outcome = {SendStatus::kDeferred, "the server is closing the connection " +
                                                   where(stage) + ": " + reply.text +
                                                   (beforeData ? "" : ambiguity)};
    } else if (replyClass(reply.code) == 4) {
      result.outcome = {SendStatus::kDeferred, what + " deferred: " + reply.text};
    } else if (replyClass(reply.code) == 5) {
      result.outcome = {SendStatus::kFailed, what + " refused: " + reply.text};
    } else {
      usable_ = false;
      result.outcome = {SendStatus::kDeferred,
                        "unexpected reply " + where(stage) + ": " + reply.text};
    }
    return result;
  };

  if (sizeLimit_ > 0 && bytes.size() > sizeLimit_) {
    result.outcome = {SendStatus::kFailed,
                      "the message is " + std::to_string(bytes.size()) + " bytes, more than the " +
                          std::to_string(sizeLimit_) +
                          " bytes the server accepts (SIZE): send smaller attachments"};
    return result;
  }
  const bool dsn = dsn_ && config_.requestDsn;
  std::string mail = "MAIL FROM:<" + envelopeSender + ">";
  if (sizeOffered_) mail += " SIZE=" + std::to_string(bytes.size());
  if (dsn) mail += " RET=HDRS ENVID=" + xtextEncode(message.envelopeId);
  std::string rcpt = "RCPT TO:<" + message.to + ">";
  if (dsn) rcpt += " NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;" + xtextEncode(message.to);

  try {
    if (pipelining_) {
      // RFC 2920: RSET, MAIL, RCPT and DATA in one write, then their replies in order.
      std::string group = reused ? "RSET\r\n" : "";
      group += mail + "\r\n" + rcpt + "\r\n" + "DATA\r\n";
      session_->socket().sendString(group);
      if (reused) {
        const Reply reply = readReply(stage);
        if (reply.code != 250) {
          usable_ = false;
          result.retryOnFreshConnection = true;
          result.outcome = {SendStatus::kDeferred, "RSET not accepted: " + reply.text};
          return result;
        }
      }
      stage = Stage::kMail;
      const Reply mailReply = readReply(stage);
      if (mailReply.code == 421) return refused(mailReply, "");
      stage = Stage::kRcpt;
      const Reply rcptReply = readReply(stage);
      if (rcptReply.code == 421) return refused(rcptReply, "");
      stage = Stage::kData;
      const Reply dataReply = readReply(stage);
      const bool mailOk = replyClass(mailReply.code) == 2;
      const bool rcptOk = replyClass(rcptReply.code) == 2;
      if ((!mailOk || !rcptOk) && dataReply.code == 354) {
        // A server that accepted DATA without a recipient: end it with an empty message.
        session_->socket().sendString(".\r\n");
        readReply(stage);
      }
      if (!mailOk) {
        stage = Stage::kMail;
        return refused(mailReply, "sender <" + envelopeSender + ">");
      }
      if (!rcptOk) {
        stage = Stage::kRcpt;
        return refused(rcptReply, "recipient <" + message.to + ">");
      }
      if (dataReply.code != 354) return refused(dataReply, "DATA");
    } else {
      if (reused) {
        const Reply reply = command("RSET", stage);
        if (reply.code != 250) {
          usable_ = false;
          result.retryOnFreshConnection = true;
          result.outcome = {SendStatus::kDeferred, "RSET not accepted: " + reply.text};
          return result;
        }
      }
      stage = Stage::kMail;
      Reply reply = command(mail, stage);
      if (replyClass(reply.code) != 2) return refused(reply, "sender <" + envelopeSender + ">");
      stage = Stage::kRcpt;
      reply = command(rcpt, stage);
      if (replyClass(reply.code) != 2) return refused(reply, "recipient <" + message.to + ">");
      stage = Stage::kData;
      reply = command("DATA", stage);
      if (reply.code != 354) return refused(reply, "DATA");
    }

    stage = Stage::kContent;
    {
      // MessageBuilder's CRLF-canonical bytes, dot-stuffed, with the end mark: what
      // Poco's MailOutputStream would write, in large writes (see smtp_data.hpp).
      const std::string block = smtpDataBlock(bytes);
      constexpr std::size_t kWrite = std::size_t{256} * 1024;
      std::size_t sent = 0;
      while (sent < block.size()) {
        const int n = session_->socket().sendBytes(
            block.data() + sent, static_cast<int>(std::min(kWrite, block.size() - sent)));
        if (n <= 0) {
          usable_ = false;
          result.outcome = {SendStatus::kDeferred,
                            "the connection broke while sending the message data: not "
                            "delivered, try again"};
          return result;
        }
        sent += static_cast<std::size_t>(n);
      }
    }

    stage = Stage::kFinalReply;
    if (whileWaiting) whileWaiting();
    session_->socket().setReceiveTimeout(timespan(config_.finalReplyTimeout));
    const Reply reply = readReply(stage);
    session_->socket().setReceiveTimeout(timespan(config_.commandTimeout));
    lastUsed_ = Clock::now();
    if (replyClass(reply.code) != 2) return refused(reply, "the message");
    result.outcome = {SendStatus::kSent, reply.text};
    if (config_.requestDsn && !dsn_) {
      result.outcome.reply +=
          "\n(the server does not offer DSN: no delivery report will come back)";
    }
    return result;
  } catch (const Poco::TimeoutException&) {
    usable_ = false;
    const auto waited =
        stage == Stage::kFinalReply ? config_.finalReplyTimeout : config_.commandTimeout;
    result.outcome = {SendStatus::kDeferred, "no reply " + where(stage) + " within " +
                                                 duration(waited) +
                                                 (stage == Stage::kFinalReply ? ambiguity : "")};
  } catch (const ConnectionLost&) {
    usable_ = false;
    const bool beforeData = stage < Stage::kContent;
    result.retryOnFreshConnection = reused && beforeData;
    result.outcome = {SendStatus::kDeferred, "the server closed the connection " + where(stage) +
                                                 (stage == Stage::kFinalReply ? ambiguity : "")};
  } catch (const Poco::Exception& e) {
    usable_ = false;
    const bool beforeData = stage < Stage::kContent;
    result.retryOnFreshConnection = reused && beforeData;
    result.outcome = {SendStatus::kDeferred, "connection trouble " + where(stage) + ": " +
                                                 printable(e.displayText()) +
                                                 (stage == Stage::kFinalReply ? ambiguity : "")};
  } catch (const std::exception& e) {
    usable_ = false;
    result.outcome = {SendStatus::kDeferred, "unexpected error " + where(stage) + ": " +
                                                 printable(e.what()) +
                                                 (stage >= Stage::kContent ? ambiguity : "")};
  }
  return result;
}

void SmtpChannel::Connection::quit(std::chrono::milliseconds timeout) {
  if (!session_ || quitted_) return;
  SigpipeGuard guard;
  quitted_ = true;
  try {
    if (usable_) {
      session_->socket().setReceiveTimeout(timespan(timeout));
      session_->socket().setSendTimeout(timespan(timeout));
      command("QUIT", Stage::kQuit);
    }
  } catch (...) {
  }
  try {
    session_->socket().close();
  } catch (...) {
  }
  usable_ = false;
}

}  // namespace chancery::mail
