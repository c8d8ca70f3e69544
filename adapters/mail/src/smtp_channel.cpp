#include "chancery/mail/smtp_channel.hpp"

#include <functional>
#include <optional>
#include <stdexcept>
#include <utility>

#include "chancery/mail/errors.hpp"
#include "chancery/mail/header_checks.hpp"
#include "chancery/mail/message_builder.hpp"
#include "smtp_connection.hpp"

namespace chancery::mail {
namespace {

constexpr std::chrono::milliseconds kQuitTimeout{5'000};

void validate(const SmtpConfig& config) {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("SMTP channel configuration: " + what);
  };
  if (config.host.empty()) fail("host is empty");
  if (config.port == 0) fail("port is 0");
  try {
    checkHeaderValue("host", config.host);
    checkHeaderValue("heloName", config.heloName);
    checkHeaderValue("user", config.user);
    checkHeaderValue("password", config.password);
    checkHeaderValue("tls.serverName", config.tls.serverName);
    if (!config.envelopeSender.empty()) checkMailbox("envelopeSender", config.envelopeSender);
  } catch (const MessageRefused& e) {
    fail(e.what());
  }
  if (config.heloName.empty() || config.heloName.find(' ') != std::string::npos) {
    fail("heloName must be this host's name, one word (\"" + config.heloName + "\")");
  }
  if (config.auth != SmtpAuth::kNone && config.user.empty()) fail("auth is set but user is empty");
  if (config.connectTimeout.count() <= 0 || config.commandTimeout.count() <= 0 ||
      config.finalReplyTimeout.count() <= 0) {
    fail("timeouts must be positive");
  }
}

}  // namespace

SmtpChannel::SmtpChannel(SmtpConfig config) : config_(std::move(config)) { validate(config_); }

SmtpChannel::~SmtpChannel() { closeIdleConnections(); }

SendOutcome SmtpChannel::send(const OutgoingMessage& message) {
  std::vector<OutgoingMessage> batch;
  batch.push_back(message);
  return sendBatch(batch).front();
}

std::vector<SendOutcome> SmtpChannel::sendBatch(const std::vector<OutgoingMessage>& messages) {
  std::vector<SendOutcome> outcomes(messages.size());
  std::vector<bool> sendable(messages.size(), false);
  const MessageBuilder builder;
  try {
    // Refuse bad messages before anything touches the network.
    bool any = false;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      try {
        builder.check(messages[i]);
        if (config_.envelopeSender.empty()) checkMailbox("from", messages[i].from);
        sendable[i] = true;
        any = true;
      } catch (const MessageRefused& e) {
        outcomes[i] = {SendStatus::kFailed, std::string("not sent: ") + e.what()};
      }
    }
    if (!any) return outcomes;

    std::unique_ptr<Connection> connection = takeIdle();
    std::optional<SendOutcome> cannotConnect;  // applies to every message still waiting
    // Building message i + 1 overlaps with the server digesting message i.
    std::string prebuilt;
    std::size_t prebuiltIndex = messages.size();
    auto build = [&](std::size_t i, std::string& bytes) {
      try {
        bytes = builder.build(messages[i]);
        return true;
      } catch (const MessageRefused& e) {
        outcomes[i] = {SendStatus::kFailed, std::string("not sent: ") + e.what()};
        sendable[i] = false;
        return false;
      }
    };
    for (std::size_t i = 0; i < messages.size(); ++i) {
      if (!sendable[i]) continue;
      if (cannotConnect) {
        outcomes[i] = *cannotConnect;
        continue;
      }
      const OutgoingMessage& message = messages[i];
      std::string bytes;
      if (prebuiltIndex == i) {
        bytes = std::move(prebuilt);
        prebuilt.clear();
        prebuiltIndex = messages.size();
      } else if (!build(i, bytes)) {
        continue;
      }
      std::size_t next = i + 1;
      while (next < messages.size() && !sendable[next]) ++next;
      const std::function<void()> buildNext = [&, next] {
        if (next < messages.size() && prebuiltIndex != next && build(next, prebuilt)) {
          prebuiltIndex = next;
        }
      };
      const std::string& sender =
          config_.envelopeSender.empty() ? message.from : config_.envelopeSender;
      for (int attempt = 0; attempt < 2; ++attempt) {
        if (!connection || !connection->usable()) {
          connection.reset();
          try {
            connection = std::make_unique<Connection>(config_);
          } catch (const SmtpConnectError& e) {
            cannotConnect = SendOutcome{e.status(), e.what()};
            outcomes[i] = *cannotConnect;
            break;
          }
          std::lock_guard lock(mutex_);
          ++opened_;
        }
        Connection::Result result = connection->send(message, sender, bytes, buildNext);
        outcomes[i] = result.outcome;
        if (!result.retryOnFreshConnection) break;
        connection.reset();  // stale: the next attempt opens a new one
      }
    }
    if (connection && connection->usable()) giveBack(std::move(connection));
  } catch (const std::exception& e) {
    // Not a delivery problem but a bug or resource exhaustion: still never thrown.
    for (std::size_t i = 0; i < messages.size(); ++i) {
      if (sendable[i] && outcomes[i].reply.empty()) {
        outcomes[i] = {SendStatus::kDeferred, std::string("unexpected error: ") + e.what()};
      }
    }
  }
  return outcomes;
}

std::unique_ptr<SmtpChannel::Connection> SmtpChannel::takeIdle() {
  std::vector<std::unique_ptr<Connection>> expired;
  std::unique_ptr<Connection> found;
  {
    std::lock_guard lock(mutex_);
    const auto now = Connection::Clock::now();
    while (!idle_.empty()) {
      std::unique_ptr<Connection> candidate = std::move(idle_.back());
      idle_.pop_back();
      if (candidate->usable() && now - candidate->lastUsed() < config_.maxIdle) {
        found = std::move(candidate);
        break;
      }
      expired.push_back(std::move(candidate));
    }
  }
  for (auto& connection : expired) connection->quit(kQuitTimeout);
  return found;
}

void SmtpChannel::giveBack(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() < config_.maxIdleConnections) {
      idle_.push_back(std::move(connection));
      return;
    }
  }
  connection->quit(kQuitTimeout);
}

void SmtpChannel::closeIdleConnections() {
  std::vector<std::unique_ptr<Connection>> idle;
  {
    std::lock_guard lock(mutex_);
    idle.swap(idle_);
  }
  for (auto& connection : idle) connection->quit(kQuitTimeout);
}

std::size_t SmtpChannel::connectionsOpened() const {
  std::lock_guard lock(mutex_);
  return opened_;
}

}  // namespace chancery::mail
