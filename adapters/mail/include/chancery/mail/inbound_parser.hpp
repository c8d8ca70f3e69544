// Raw RFC 5322 message -> InboundMessage: replies, acknowledgements and delivery status
// notifications (RFC 3464) found in the registry mailbox. Pure, thread-safe, never
// throws for what the message contains: mail from outside is hostile until proven
// otherwise, and a message nobody can read must still reach the registry.
#pragma once

#include <string>
#include <string_view>

#include "chancery/engine/dispatch.hpp"

namespace chancery::mail {

struct ParsedMessage {
  // False when the bytes are not a mail message this parser can read at all (no header
  // block, binary garbage): `message` is then empty and `problem` says why; the
  // registry gets the raw headers to look at.
  bool parsed = false;
  // What could not be read even though the message was parsed (a broken MIME body, a
  // delivery report without its status part ...), or why parsing failed. Empty when all
  // went well.
  std::string problem;
  // The header block as received (up to 64 KiB, CRLF kept), for a person to read.
  std::string rawHeaders;
  InboundMessage message;
};

// Fills, from the message's own header: messageId, inReplyTo, references, from (the
// address only), subject (RFC 2047 decoded, UTF-8), date (ms UTC; 0 when missing or
// unreadable); from the first text/plain part (or the text of the first text/html):
// text (UTF-8, LF line endings). For multipart/report; report-type=delivery-status:
// isDeliveryReport, originalEnvelopeId, statuses (from the message/delivery-status
// part) and originalMessageId (from the text/rfc822-headers or message/rfc822 part).
// X-Chancery-Acknowledgement: <id> sets isAcknowledgement, and inReplyTo to that id when
// the message has no In-Reply-To of its own.
ParsedMessage parseInbound(std::string_view raw);

}  // namespace chancery::mail
