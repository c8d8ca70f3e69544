// Dispatch: one durable job per (document, recipient), sent through a Channel that
// an adapter provides (SMTP in adapters/mail, a drop folder in adapters/files), and
// what comes back (delivery reports, replies, acknowledgements) recorded per
// recipient. The engine knows nothing of SMTP or MIME.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chancery/engine/clock.hpp"

namespace chancery {

struct Attachment {
  std::string filename;   // "NV-0001-2026.pdf"
  std::string mediaType;  // "application/pdf"
  std::string bytes;
};

// Everything a channel needs to send one dispatch. Header values have been
// checked: no CR, LF or NUL anywhere; addresses are plain mailboxes.
struct OutgoingMessage {
  long long dispatchId = 0;
  long long documentId = 0;
  std::string messageId;       // stable per dispatch: "<dispatch-17.doc-3@registry.mfa.test>"
  std::string envelopeId;      // DSN ENVID: "dispatch-17"
  std::string from;            // the registry address
  std::string to;              // the recipient's address
  std::string toName;          // the recipient's organisation, for the To: display name
  std::string subject;         // "NV-0001/2026 — Missing persons: request for cooperation"
  std::string registryNumber;  // also sent as the X-Chancery-Registry-Number header
  Millis date = 0;             // the Date: header (the dispatch's creation time)
  std::string text;            // the text part (UTF-8, LF line endings)
  std::string html;            // the HTML part (XHTML)
  std::vector<Attachment> attachments;
};

enum class SendStatus {
  kSent,      // the server accepted it (SMTP 250): the reply is kept
  kDeferred,  // try again later (4xx, connection trouble)
  kFailed,    // permanent refusal (5xx): no retry
};

struct SendOutcome {
  SendStatus status = SendStatus::kDeferred;
  std::string reply;  // the server's words, or what went wrong
};

// Sends messages. send() is called outside any transaction, from a worker
// thread; it must not throw for delivery problems (return kDeferred/kFailed) and
// should be safe to call again with the same message after a crash (the
// Message-ID makes a resend recognisable).
class Channel {
 public:
  virtual ~Channel() = default;
  virtual SendOutcome send(const OutgoingMessage& message) = 0;
};

// One recipient's line of a delivery status notification (RFC 3464).
struct DeliveryStatus {
  std::string finalRecipient;  // address, without "rfc822;"
  std::string action;          // delivered | failed | delayed | relayed | expanded
  std::string status;          // "5.1.1"
  std::string diagnostic;      // the remote server's words, when given
};

// A message found in the registry mailbox, parsed by the mail adapter.
struct InboundMessage {
  std::string messageId;  // its own Message-ID (duplicates are counted once)
  std::string inReplyTo;
  std::vector<std::string> references;
  std::string from;
  std::string subject;
  Millis date = 0;
  std::string text;  // the text body (for registering a reply)
  // Set for multipart/report; report-type=delivery-status:
  bool isDeliveryReport = false;
  std::string originalEnvelopeId;  // Original-Envelope-Id
  std::string originalMessageId;   // from the returned headers
  std::vector<DeliveryStatus> statuses;
  // An automatic acknowledgement of receipt from a receiving Chancery
  // (X-Chancery-Acknowledgement: <message-id>), or a human one.
  bool isAcknowledgement = false;
  // Sent by a machine on its own (RFC 3834 Auto-Submitted other than "no", or the
  // older Precedence/X-Autoreply marks): an out-of-office reply. It is kept and noted on
  // the dispatch, but it is not the recipient's answer.
  bool isAutomaticReply = false;
  // The whole message as it came (headers, every part, attachments): the registry keeps
  // it as evidence, with its SHA-256 in the audit trail. Empty when it could not be
  // retrieved (then the message stays on the server).
  std::string raw;
};

}  // namespace chancery
