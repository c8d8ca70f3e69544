// Errors raised before a message leaves Chancery.
//
// All are logic errors in Chancery's two families: retrying cannot help, a person must
// fix the input first (the recipient's directory entry, the document's subject, the
// registry number). Delivery problems are not exceptions: channels report them as
// SendOutcome (kDeferred / kFailed).
//   * HeaderInjection: a CR, LF or NUL in a value bound for a mail header or an SMTP
//     command (DESIGN.md rule 5). field() names it ("subject", "to", "toName" ...).
//   * InvalidAddress: not a plain mailbox (local@domain, ASCII, no comments, no
//     display name).
//   * MessageRefused: the base, also thrown for anything else that makes the message
//     unsendable as it stands (an empty attachment name, an ENVID over 100 characters,
//     a subject that is not UTF-8 ...).
#pragma once

#include <stdexcept>
#include <string>

namespace chancery::mail {

class MessageRefused : public std::logic_error {
 public:
  // `field` is the OutgoingMessage member concerned ("subject", "attachments[1].filename");
  // `message` says what is wrong and what to do.
  MessageRefused(std::string field, const std::string& message);
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

class HeaderInjection : public MessageRefused {
 public:
  using MessageRefused::MessageRefused;
};

class InvalidAddress : public MessageRefused {
 public:
  using MessageRefused::MessageRefused;
};

}  // namespace chancery::mail
