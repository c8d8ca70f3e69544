// One POP3 session (internal to chancery_mail). Poco's POP3ClientSession has no UIDL
// and no STLS, and reads lines without a length limit, so the dialogue is written here
// over a Poco StreamSocket (or SecureStreamSocket). Every method throws
// MailboxUnavailable for connection or protocol trouble.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <cstddef>
#include <string>
#include <vector>

#include "chancery/mail/pop3_mailbox.hpp"

namespace chancery::mail {

class Pop3Mailbox::Session {
 public:
  // Connects, reads the greeting, STLS when configured, USER / PASS.
  explicit Session(const Pop3Config& config);
  ~Session();  // closes the socket (no QUIT)

  struct Listing {
    int number = 0;
    std::size_t size = 0;
    std::string uidl;
  };
  // LIST, then UIDL (optional in RFC 1939: empty uidls when the server refuses it).
  std::vector<Listing> list();

  // RETR: the message, byte-unstuffed, CRLF line ends. Returns false (and reads the
  // rest of it without keeping it) when it is longer than `limit`; throws
  // MessageGone (below) when the server answers -ERR for this message.
  bool retrieve(int number, std::size_t limit, std::string& out);

  // TOP n 0: the header block, at most `limit` bytes kept; empty when refused.
  std::string header(int number, std::size_t limit);

  void dele(int number);
  void quit();

  class MessageGone : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
  };

 private:
  std::string command(const std::string& line, const std::string& what);  // "+OK ..." text
  std::string statusLine(const std::string& what);
  bool readLine(std::string& line, std::size_t limit);  // false: line longer than limit
  // Reads a multi-line body up to ".": false when longer than `limit` (rest drained).
  bool readMultiline(std::string& out, std::size_t limit);
  void fill();

  const Pop3Config& config_;
  Poco::Net::StreamSocket socket_;
  std::string buffer_;
  std::size_t position_ = 0;
  bool tls_ = false;
};

}  // namespace chancery::mail
