#include "chancery/mail/pop3_mailbox.hpp"

#include <Poco/Exception.h>

#include <stdexcept>
#include <utility>

#include "chancery/mail/errors.hpp"
#include "chancery/mail/header_checks.hpp"
#include "chancery/mail/inbound_parser.hpp"
#include "pop3_session.hpp"

namespace chancery::mail {
namespace {

constexpr std::size_t kMaxHeaderBytes = std::size_t{64} * 1024;

std::string megabytes(std::size_t bytes) {
  return std::to_string((bytes + std::size_t{512} * 1024) / (std::size_t{1024} * 1024)) + " MiB";
}

}  // namespace

Pop3Mailbox::Pop3Mailbox(Pop3Config config) : config_(std::move(config)) {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("POP3 mailbox configuration: " + what);
  };
  if (config_.host.empty()) fail("host is empty");
  if (config_.port == 0) fail("port is 0");
  if (config_.user.empty()) fail("user is empty");
  try {
    checkHeaderValue("user", config_.user);
    checkHeaderValue("password", config_.password);
    checkHeaderValue("tls.serverName", config_.tls.serverName);
  } catch (const MessageRefused& e) {
    fail(e.what());
  }
  if (config_.user.find(' ') != std::string::npos) fail("user contains a space");
  if (config_.maxMessageBytes == 0) fail("maxMessageBytes is 0");
  if (config_.security == Security::kNone && !config_.allowPlaintextAuth) {
    fail(
        "security = none sends the password in clear: use tls or starttls, or set "
        "allowPlaintextAuth for a server on this machine");
  }
}

Pop3Mailbox::~Pop3Mailbox() = default;

std::vector<FetchedMessage> Pop3Mailbox::fetch() {
  std::vector<FetchedMessage> fetched;
  try {
    if (!session_) session_ = std::make_unique<Session>(config_);
    std::vector<Session::Listing> listings = session_->list();
    if (config_.maxMessagesPerFetch > 0 && listings.size() > config_.maxMessagesPerFetch) {
      listings.resize(config_.maxMessagesPerFetch);
    }
    for (const Session::Listing& listing : listings) {
      FetchedMessage item;
      item.number = listing.number;
      item.uidl = listing.uidl;
      item.size = listing.size;
      if (listing.size > config_.maxMessageBytes) {
        item.note = "not retrieved: " + std::to_string(listing.size) + " bytes (" +
                    megabytes(listing.size) + "), more than the " +
                    megabytes(config_.maxMessageBytes) +
                    " limit; read it with a mail client and register it by hand";
        item.rawHeaders = session_->header(listing.number, kMaxHeaderBytes);
        fetched.push_back(std::move(item));
        continue;
      }
      std::string raw;
      bool complete = false;
      try {
        complete = session_->retrieve(listing.number, config_.maxMessageBytes, raw);
      } catch (const Session::MessageGone& e) {
        item.note = std::string("not retrieved: ") + e.what();
        fetched.push_back(std::move(item));
        continue;
      }
      if (!complete) {
        item.note = "not retrieved: longer than the " + megabytes(config_.maxMessageBytes) +
                    " limit (the server announced " + std::to_string(listing.size) + " bytes)";
        item.rawHeaders = parseInbound(raw).rawHeaders;
        fetched.push_back(std::move(item));
        continue;
      }
      ParsedMessage parsed = parseInbound(raw);
      item.parsed = parsed.parsed;
      item.note = std::move(parsed.problem);
      item.rawHeaders = std::move(parsed.rawHeaders);
      item.message = std::move(parsed.message);
      item.raw = std::move(raw);
      fetched.push_back(std::move(item));
    }
  } catch (const MailboxUnavailable&) {
    session_.reset();
    throw;
  } catch (const Poco::TimeoutException&) {
    session_.reset();
    throw MailboxUnavailable("the POP3 server " + config_.host + ":" +
                             std::to_string(config_.port) + " stopped answering (timeout)");
  } catch (const Poco::Exception& e) {
    session_.reset();
    throw MailboxUnavailable("POP3 trouble with " + config_.host + ":" +
                             std::to_string(config_.port) + ": " + e.displayText());
  } catch (const std::exception& e) {
    session_.reset();
    throw MailboxUnavailable("POP3 trouble with " + config_.host + ":" +
                             std::to_string(config_.port) + ": " + e.what());
  }
  return fetched;
}

void Pop3Mailbox::remove(const std::vector<int>& numbers) {
  if (numbers.empty()) return;
  if (!session_) {
    throw MailboxUnavailable(
        "not connected: remove() needs the session of the fetch() "
        "that returned the message numbers");
  }
  try {
    for (int number : numbers) session_->dele(number);
  } catch (const MailboxUnavailable&) {
    session_.reset();
    throw;
  } catch (const std::exception& e) {
    session_.reset();
    throw MailboxUnavailable(std::string("POP3 DELE failed (nothing was deleted): ") + e.what());
  }
}

void Pop3Mailbox::quit() {
  if (!session_) return;
  std::unique_ptr<Session> session = std::move(session_);
  try {
    session->quit();
  } catch (const MailboxUnavailable&) {
    throw;
  } catch (const std::exception& e) {
    throw MailboxUnavailable(std::string("POP3 QUIT not confirmed (messages marked for "
                                         "deletion may still be there): ") +
                             e.what());
  }
}

void Pop3Mailbox::abandon() { session_.reset(); }

}  // namespace chancery::mail
