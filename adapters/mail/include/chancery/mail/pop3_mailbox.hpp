// The registry mailbox, read over POP3 (RFC 1939): replies, acknowledgements and
// delivery reports come in here.
//
// Shaped for "delete only after the result is committed":
//   Pop3Mailbox box(config);
//   auto fetched = box.fetch();          // connect, LIST, UIDL, RETR each
//   ... record them in one transaction; commit ...
//   box.remove(numbersOfWhatWasCommitted);  // DELE: only marks them
//   box.quit();                          // QUIT: the server deletes now
// If anything fails before quit() (or the Pop3Mailbox is destroyed without it), the
// connection is dropped without QUIT and the server deletes nothing (RFC 1939 6): the
// messages come back next time, and their Message-ID / UIDL make them recognisable.
//
// A Pop3Mailbox is one POP3 session; use it from one thread at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "chancery/engine/dispatch.hpp"
#include "chancery/mail/tls_options.hpp"

namespace chancery::mail {

struct Pop3Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 110;
  Security security = Security::kNone;  // kStartTls means STLS (RFC 2595)
  bool allowPlaintextFallback = false;  // with kStartTls, when STLS is not offered
  // Send the password over an unencrypted connection (a server on this machine).
  bool allowPlaintextAuth = false;
  std::string user;
  std::string password;
  TlsOptions tls;
  std::chrono::milliseconds connectTimeout{30'000};
  std::chrono::milliseconds commandTimeout{120'000};
  // Larger messages are not retrieved (only their header, with TOP): the registry sees
  // them as unparsed with a note.
  std::size_t maxMessageBytes = std::size_t{25} * 1024 * 1024;
  // At most this many messages per fetch() (0: all).
  std::size_t maxMessagesPerFetch = 0;
};

struct FetchedMessage {
  int number = 0;        // the server's message number in this session (for remove())
  std::string uidl;      // the server's unique id (stable across sessions), or empty
  std::size_t size = 0;  // octets, as LIST reports it
  // False when the message was too large, or is not a mail message the parser can read:
  // `message` is then empty and `note` says why; rawHeaders lets a person see it.
  bool parsed = false;
  std::string note;        // also set for partial problems of parsed messages
  std::string rawHeaders;  // its header block (CRLF kept, at most 64 KiB)
  // The whole message as received (byte-unstuffed, CRLF), for the registry to keep as
  // evidence; empty when it was not retrieved.
  std::string raw;
  InboundMessage message;
};

// Connection, login or protocol trouble: nothing was deleted; try again later
// (a runtime error in Chancery's two families). Login refused is reported the same
// way, with the server's words.
class MailboxUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Pop3Mailbox {
 public:
  // Throws std::invalid_argument for an unusable configuration (empty host or user,
  // CR/LF in the credentials).
  explicit Pop3Mailbox(Pop3Config config);
  ~Pop3Mailbox();  // drops the connection without QUIT: nothing is deleted
  Pop3Mailbox(const Pop3Mailbox&) = delete;
  Pop3Mailbox& operator=(const Pop3Mailbox&) = delete;

  // Connects and logs in when not connected, then lists and retrieves the messages.
  // Throws MailboxUnavailable for connection, login or protocol trouble (the session
  // is then dropped); never for what a message contains.
  std::vector<FetchedMessage> fetch();

  // Marks messages (numbers from the last fetch()) for deletion. Throws
  // MailboxUnavailable (then nothing is deleted at all).
  void remove(const std::vector<int>& numbers);

  // QUIT: the marked messages are deleted and the session ends. Throws
  // MailboxUnavailable when the server does not confirm (the deletions may not have
  // happened). A no-op when not connected.
  void quit();

  // Drops the connection without QUIT: nothing marked is deleted.
  void abandon();

  class Session;  // src/pop3_session.hpp

 private:
  const Pop3Config config_;
  std::unique_ptr<Session> session_;
};

}  // namespace chancery::mail
