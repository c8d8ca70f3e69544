// OutgoingMessage -> RFC 5322 / MIME bytes: the one place that decides what a dispatched
// message looks like, shared by the SMTP channel and the drop folder (chancery_mime has
// no network code).
//
// The result:
//   Date: Sat, 28 Nov 2026 09:30:00 +0000          (from message.date, UTC)
//   From: registry@mfa.test
//   To: "Embassy of the Republic of X" <embassy.berlin@embassy.test>
//   Subject: =?UTF-8?Q?...?=                         (RFC 2047 when not plain ASCII)
//   Message-ID: <dispatch-17.doc-3@registry.mfa.test>
//   MIME-Version: 1.0
//   X-Chancery-Registry-Number: NV-0001/2026
//   X-Chancery-Dispatch: dispatch-17                 (the envelope id)
//   Content-Type: multipart/mixed; boundary="=_m.<hash>"
//     multipart/alternative: text/plain; charset=utf-8 (quoted-printable), text/html
//     (quoted-printable; left out when message.html is empty)
//     each attachment: its media type, base64, Content-Disposition: attachment; filename
//
// Every line ends in CRLF, no line is longer than 78 octets except where a header holds
// a single unbreakable word, and the bytes are 7-bit. They are not dot-stuffed: that is
// the SMTP transport's job. The multipart boundaries are derived from the Message-ID and
// the envelope id, so the same dispatch always gives the same bytes.
#pragma once

#include <string>

#include "chancery/engine/dispatch.hpp"

namespace chancery::mail {

class MessageBuilder {
 public:
  // Throws MessageRefused (HeaderInjection, InvalidAddress ...) naming the field when
  // the message cannot be sent as it stands. Cheap: encodes nothing.
  void check(const OutgoingMessage& message) const;

  // check(), then the message's bytes. Thread-safe (the builder has no state).
  std::string build(const OutgoingMessage& message) const;
};

}  // namespace chancery::mail
