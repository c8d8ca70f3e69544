#include "chancery/mail/inbound_parser.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/QuotedPrintableDecoder.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <vector>

#include "chancery/mail/header_checks.hpp"

namespace chancery::mail {
namespace {

constexpr std::size_t kMaxRawHeaders = std::size_t{64} * 1024;
constexpr int kMaxDepth = 8;
constexpr int kMaxParts = 200;
constexpr std::size_t kMaxPartBytes = std::size_t{64} * 1024 * 1024;

struct Field {
  std::string name;
  std::string value;  // unfolded: the CRLFs of folding removed, the whitespace kept
};

struct HeaderBlock {
  std::vector<Field> fields;
  std::string problem;  // set when a line was skipped

  const std::string* find(std::string_view name) const {
    for (const Field& f : fields) {
      if (Poco::icompare(f.name, std::string(name)) == 0) return &f.value;
    }
    return nullptr;
  }
  std::string get(std::string_view name) const {
    const std::string* v = find(name);
    return v ? *v : std::string();
  }
};

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Where the header block ends (the position of the empty line) and the body begins.
void splitMessage(std::string_view raw, std::string_view& header, std::string_view& body) {
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const auto nl = raw.find('\n', pos);
    if (nl == std::string_view::npos) break;
    const std::string_view line = raw.substr(pos, nl - pos);
    if (line.empty() || line == "\r") {
      header = raw.substr(0, pos);
      body = raw.substr(nl + 1);
      return;
    }
    pos = nl + 1;
  }
  header = raw;
  body = {};
}

bool isFieldName(std::string_view name) {
  if (name.empty() || name.size() > 200) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 32 && u < 127 && c != ':';
  });
}

// RFC 5322 2.2, tolerant: continuation lines join the field before them; a line that is
// neither is skipped (and noted), except at the very start, where it means "not a mail
// message" (returns false).
bool parseHeaderBlock(std::string_view block, HeaderBlock& out) {
  std::size_t pos = 0;
  while (pos < block.size()) {
    auto nl = block.find('\n', pos);
    if (nl == std::string_view::npos) nl = block.size();
    std::string_view line = block.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (out.fields.empty()) return false;
      out.fields.back().value += line;
      continue;
    }
    const auto colon = line.find(':');
    std::string_view name =
        colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (!isFieldName(name)) {
      if (out.fields.empty()) return false;
      out.problem = "a malformed header line was skipped";
      continue;
    }
    std::string_view value = line.substr(colon + 1);
    out.fields.push_back({std::string(name), std::string(value)});
  }
  for (Field& f : out.fields) f.value = trim(f.value);
  return !out.fields.empty();
}

// Replaces every byte that is not part of well-formed UTF-8 with U+FFFD, and control
// characters other than TAB and LF with a space.
std::string cleanUtf8(std::string_view s, bool keepNewlines) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\r') {
        // CRLF and lone CR become LF (or a space).
        out += keepNewlines ? '\n' : ' ';
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      } else if (c == '\n') {
        out += keepNewlines ? '\n' : ' ';
      } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
        out += ' ';
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (n != 0 && i + n <= s.size() && isUtf8(s.substr(i, n))) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// `bytes` in `charset` -> UTF-8 with glibc's iconv (every charset mail uses, KOI8-R and
// GB18030 included); unknown charsets and undecodable bytes become U+FFFD.
std::string toUtf8(std::string_view bytes, std::string charset, bool keepNewlines) {
  charset = lower(trim(charset));
  if (charset.empty() || charset == "utf-8" || charset == "utf8" || charset == "us-ascii" ||
      charset == "ascii") {
    return cleanUtf8(bytes, keepNewlines);
  }
  iconv_t converter = iconv_open("UTF-8", charset.c_str());
  if (converter == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
    return cleanUtf8(bytes, keepNewlines);
  }
  std::string out;
  out.reserve(bytes.size() * 2);
  std::string input(bytes);
  char* in = input.data();
  std::size_t inLeft = input.size();
  char buffer[4096];
  while (inLeft > 0) {
    char* outPtr = buffer;
    std::size_t outLeft = sizeof buffer;
    const std::size_t rc = iconv(converter, &in, &inLeft, &outPtr, &outLeft);
    out.append(buffer, sizeof buffer - outLeft);
    if (rc == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) continue;
      out += "\xEF\xBF\xBD";  // EILSEQ or EINVAL: skip one byte
      ++in;
      --inLeft;
    }
  }
  iconv_close(converter);
  return cleanUtf8(out, keepNewlines);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decodeBase64Loosely(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    } else {
      continue;  // '=' padding, stray characters
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

// One encoded word "=?charset?Q?text?=" at `pos`: its charset, decoded bytes and length.
bool encodedWordAt(std::string_view s, std::size_t pos, std::string& charset, std::string& bytes,
                   std::size_t& length) {
  if (s.compare(pos, 2, "=?") != 0) return false;
  const auto q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
  const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (encoding != 'Q' && encoding != 'B') return false;
  const auto end = s.find("?=", q1 + 3);
  if (end == std::string_view::npos) return false;
  const std::string_view text = s.substr(q1 + 3, end - q1 - 3);
  if (text.find_first_of(" \t") != std::string_view::npos) return false;
  charset = std::string(s.substr(pos + 2, q1 - pos - 2));
  charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
  bytes.clear();
  if (encoding == 'B') {
    bytes = decodeBase64Loosely(text);
  } else {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '_') {
        bytes += ' ';
      } else if (text[i] == '=' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                 hexValue(text[i + 2]) >= 0) {
        bytes += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
        i += 2;
      } else {
        bytes += text[i];
      }
    }
  }
  length = end + 2 - pos;
  return true;
}

// RFC 2047 encoded words -> UTF-8. Whitespace between adjacent encoded words is dropped
// (6.2); adjacent words in the same charset are converted together, so a character
// split between two words by a careless sender survives.
std::string decodeWords(const std::string& value) {
  if (value.find("=?") == std::string::npos) return cleanUtf8(value, false);
  std::string out;
  std::string pendingBytes;
  std::string pendingCharset;
  std::string whitespace;  // after an encoded word, not yet known to be dropped
  bool afterWord = false;
  auto flush = [&] {
    if (!pendingBytes.empty()) out += toUtf8(pendingBytes, pendingCharset, false);
    pendingBytes.clear();
  };
  std::size_t i = 0;
  while (i < value.size()) {
    std::string charset;
    std::string bytes;
    std::size_t length = 0;
    if (encodedWordAt(value, i, charset, bytes, length)) {
      if (!afterWord || Poco::icompare(charset, pendingCharset) != 0) flush();
      if (!afterWord) out += whitespace;
      whitespace.clear();
      pendingCharset = charset;
      pendingBytes += bytes;
      afterWord = true;
      i += length;
      continue;
    }
    const char c = value[i++];
    if (c == ' ' || c == '\t') {
      (afterWord ? whitespace : out) += c;
      continue;
    }
    flush();
    out += whitespace;
    whitespace.clear();
    afterWord = false;
    out += c;
  }
  flush();
  out += whitespace;
  return cleanUtf8(out, false);
}

// "<a@b>" tokens in order.
std::vector<std::string> messageIds(std::string_view value) {
  std::vector<std::string> ids;
  std::size_t pos = 0;
  while (true) {
    const auto open = value.find('<', pos);
    if (open == std::string_view::npos) break;
    const auto close = value.find('>', open);
    if (close == std::string_view::npos) break;
    std::string id(value.substr(open, close - open + 1));
    id.erase(std::remove_if(id.begin(), id.end(),
                            [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }),
             id.end());
    if (id.size() > 2) ids.push_back(cleanUtf8(id, false));
    pos = close + 1;
  }
  return ids;
}

std::string oneMessageId(std::string_view value) {
  auto ids = messageIds(value);
  if (!ids.empty()) return ids.front();
  return cleanUtf8(trim(value), false);
}

std::string withoutComments(std::string_view value) {
  std::string out;
  int depth = 0;
  for (char c : value) {
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return trim(out);
}

// The address of a From-like field: inside the last <...>, or the value without comments.
std::string addressOf(std::string_view value) {
  const auto close = value.rfind('>');
  if (close != std::string_view::npos) {
    const auto open = value.rfind('<', close);
    if (open != std::string_view::npos) {
      return cleanUtf8(trim(value.substr(open + 1, close - open - 1)), false);
    }
  }
  return cleanUtf8(withoutComments(value), false);
}

Millis parseDate(const std::string& value) {
  const std::string text = withoutComments(value);
  if (text.empty()) return 0;
  try {
    Poco::DateTime dt;
    int tzd = 0;
    if (!Poco::DateTimeParser::tryParse(text, dt, tzd)) return 0;
    dt.makeUTC(tzd);
    return static_cast<Millis>(dt.timestamp().epochMicroseconds() / 1000);
  } catch (const std::exception&) {
    return 0;
  }
}

std::string decodeTransfer(std::string_view body, const std::string& encoding) {
  const std::string cte = lower(trim(encoding.substr(0, encoding.find(';'))));
  if (cte != "base64" && cte != "quoted-printable") return std::string(body);
  std::istringstream in{std::string(body)};
  std::string out;
  try {
    if (cte == "base64") {
      Poco::Base64Decoder decoder(in);
      Poco::StreamCopier::copyToString(decoder, out);
    } else {
      Poco::Net::QuotedPrintableDecoder decoder(in);
      Poco::StreamCopier::copyToString(decoder, out);
    }
  } catch (const std::exception&) {
    // A broken encoding keeps what was decoded up to the damage.
  }
  return out;
}

std::string htmlToText(std::string_view html) {
  std::string out;
  bool inTag = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<') {
      inTag = true;
      const std::string_view rest = html.substr(i, 4);
      if (Poco::icompare(std::string(rest.substr(0, 3)), "<br") == 0 ||
          Poco::icompare(std::string(rest.substr(0, 3)), "<p>") == 0 ||
          Poco::icompare(std::string(rest.substr(0, 3)), "<p ") == 0) {
        out += '\n';
      }
    } else if (c == '>') {
      inTag = false;
    } else if (!inTag) {
      out += c;
    }
  }
  struct Entity {
    const char* name;
    const char* text;
  };
  for (const Entity& e : {Entity{"&nbsp;", " "}, Entity{"&lt;", "<"}, Entity{"&gt;", ">"},
                          Entity{"&quot;", "\""}, Entity{"&#39;", "'"}, Entity{"&amp;", "&"}}) {
    std::size_t pos = 0;
    while ((pos = out.find(e.name, pos)) != std::string::npos) {
      out.replace(pos, std::strlen(e.name), e.text);
      pos += std::strlen(e.text);
    }
  }
  return out;
}

std::string parameter(const Poco::Net::MediaType& type, const std::string& name) {
  return type.hasParameter(name) ? type.getParameter(name) : std::string();
}

// What the MIME walk collects.
struct Collected {
  bool report = false;
  bool haveText = false;
  std::string text;
  bool haveHtml = false;
  std::string html;
  bool haveStatus = false;
  std::string deliveryStatus;
  bool haveReturned = false;
  std::string returnedHeaders;
  int parts = 0;
  std::string problem;
};

void walk(const std::string& contentType, const std::string& transferEncoding,
          const std::string& disposition, std::string_view body, int depth, Collected& c) {
  if (++c.parts > kMaxParts) {
    c.problem = "more than " + std::to_string(kMaxParts) + " MIME parts: the rest was skipped";
    return;
  }
  Poco::Net::MediaType type("text", "plain");
  try {
    if (!trim(contentType).empty()) type = Poco::Net::MediaType(contentType);
  } catch (const std::exception&) {
  }
  const std::string mainType = lower(type.getType());
  const std::string subType = lower(type.getSubType());
  const bool attachment = lower(trim(disposition)).rfind("attachment", 0) == 0;

  if (mainType == "multipart") {
    if (depth >= kMaxDepth) {
      c.problem = "MIME parts nested deeper than " + std::to_string(kMaxDepth) + " were skipped";
      return;
    }
    if (subType == "report" && lower(parameter(type, "report-type")) == "delivery-status") {
      c.report = true;
    }
    const std::string boundary = parameter(type, "boundary");
    if (boundary.empty()) {
      c.problem = "a multipart part has no boundary";
      return;
    }
    try {
      std::istringstream in{std::string(body)};
      Poco::Net::MultipartReader reader(in, boundary);
      while (reader.hasNextPart()) {
        Poco::Net::MessageHeader partHeader;
        partHeader.setFieldLimit(1000);
        reader.nextPart(partHeader);
        std::string content;
        Poco::StreamCopier::copyToString(reader.stream(), content);
        if (content.size() > kMaxPartBytes) content.resize(kMaxPartBytes);
        walk(partHeader.get("Content-Type", ""), partHeader.get("Content-Transfer-Encoding", ""),
             partHeader.get("Content-Disposition", ""), content, depth + 1, c);
        if (c.parts > kMaxParts) return;
      }
    } catch (const std::exception& e) {
      c.problem = std::string("the MIME structure is broken: ") + e.what();
    }
    return;
  }

  const std::string decoded = decodeTransfer(body, transferEncoding);
  const std::string charset = parameter(type, "charset");
  if (mainType == "message" &&
      (subType == "delivery-status" || subType == "global-delivery-status")) {
    if (!c.haveStatus) {
      c.haveStatus = true;
      c.deliveryStatus = decoded;
    }
  } else if ((mainType == "text" && subType == "rfc822-headers") ||
             (mainType == "message" &&
              (subType == "rfc822" || subType == "global" || subType == "global-headers"))) {
    if (!c.haveReturned) {
      c.haveReturned = true;
      c.returnedHeaders = decoded;
    }
  } else if (mainType == "text" && subType == "plain" && !attachment) {
    if (!c.haveText) {
      c.haveText = true;
      c.text = toUtf8(decoded, charset, true);
    }
  } else if (mainType == "text" && subType == "html" && !attachment) {
    if (!c.haveHtml) {
      c.haveHtml = true;
      c.html = toUtf8(decoded, charset, true);
    }
  }
}

// "rfc822; someone@example" -> "someone@example"
std::string afterType(const std::string& value) {
  const auto semicolon = value.find(';');
  return cleanUtf8(trim(semicolon == std::string::npos ? value : value.substr(semicolon + 1)),
                   false);
}

// RFC 3464 2: one block of per-message fields, then one per recipient, separated by
// empty lines.
void parseDeliveryStatus(std::string_view text, InboundMessage& message, std::string& problem) {
  std::vector<HeaderBlock> blocks;
  std::string current;
  auto flush = [&] {
    HeaderBlock block;
    if (!trim(current).empty() && parseHeaderBlock(current, block)) blocks.push_back(block);
    current.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) {
      flush();
    } else {
      current.append(line);
      current += '\n';
    }
    if (nl == text.size()) break;
  }
  flush();
  if (blocks.empty()) {
    problem = "the delivery report's status part is empty or unreadable";
    return;
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const HeaderBlock& block = blocks[i];
    if (const std::string* envid = block.find("Original-Envelope-Id")) {
      if (message.originalEnvelopeId.empty()) {
        message.originalEnvelopeId = cleanUtf8(trim(*envid), false);
      }
    }
    const std::string* action = block.find("Action");
    const std::string* finalRecipient = block.find("Final-Recipient");
    const std::string* originalRecipient = block.find("Original-Recipient");
    if (action == nullptr && finalRecipient == nullptr) continue;  // per-message fields
    DeliveryStatus status;
    status.finalRecipient = afterType(finalRecipient      ? *finalRecipient
                                      : originalRecipient ? *originalRecipient
                                                          : std::string());
    status.action = action ? lower(cleanUtf8(withoutComments(*action), false)) : std::string();
    status.status = cleanUtf8(withoutComments(block.get("Status")), false);
    if (const std::string* diagnostic = block.find("Diagnostic-Code")) {
      status.diagnostic = afterType(*diagnostic);
    }
    message.statuses.push_back(status);
  }
}

// Whether a machine sent the message on its own: RFC 3834's Auto-Submitted (any value but
// "no"), or the marks older responders use (Precedence: auto_reply/bulk/junk, X-Autoreply,
// X-Autorespond).
bool isAutomatic(const HeaderBlock& header) {
  auto token = [](const std::string* value) {
    std::string t;
    if (value == nullptr) return t;
    for (char c : *value) {
      if (c == ';' || c == '(') break;
      if (c != ' ' && c != '\t') t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return t;
  };
  if (const std::string* autoSubmitted = header.find("Auto-Submitted")) {
    std::string value = token(autoSubmitted);
    if (!value.empty() && value != "no") return true;
  }
  std::string precedence = token(header.find("Precedence"));
  if (precedence == "auto_reply" || precedence == "bulk" || precedence == "junk") return true;
  return header.find("X-Autoreply") != nullptr || header.find("X-Autorespond") != nullptr;
}

}  // namespace

ParsedMessage parseInbound(std::string_view raw) {
  ParsedMessage result;
  try {
    std::string_view headerText;
    std::string_view body;
    splitMessage(raw, headerText, body);
    result.rawHeaders = std::string(headerText.substr(0, kMaxRawHeaders));
    if (raw.empty()) {
      result.problem = "the message is empty";
      return result;
    }
    if (headerText.find('\0') != std::string_view::npos) {
      result.problem = "the header holds NUL bytes: not a mail message";
      return result;
    }
    HeaderBlock header;
    if (!parseHeaderBlock(headerText, header)) {
      result.problem = "the message does not start with a header field: not a mail message";
      return result;
    }
    result.parsed = true;
    result.problem = header.problem;

    InboundMessage& message = result.message;
    message.messageId = oneMessageId(header.get("Message-ID"));
    message.inReplyTo = oneMessageId(header.get("In-Reply-To"));
    message.references = messageIds(header.get("References"));
    message.from = addressOf(header.get("From"));
    message.subject = decodeWords(header.get("Subject"));
    message.date = parseDate(header.get("Date"));
    message.isAutomaticReply = isAutomatic(header);
    if (const std::string* acknowledgement = header.find("X-Chancery-Acknowledgement")) {
      message.isAcknowledgement = true;
      const std::string id = oneMessageId(*acknowledgement);
      if (message.inReplyTo.empty()) message.inReplyTo = id;
      if (!id.empty() && std::find(message.references.begin(), message.references.end(), id) ==
                             message.references.end()) {
        message.references.push_back(id);
      }
    }

    Collected collected;
    walk(header.get("Content-Type"), header.get("Content-Transfer-Encoding"),
         header.get("Content-Disposition"), body, 0, collected);
    if (!collected.problem.empty()) {
      result.problem += (result.problem.empty() ? "" : "; ") + collected.problem;
    }
    message.text = collected.haveText ? collected.text : htmlToText(collected.html);

    if (collected.report) {
      message.isDeliveryReport = true;
      std::string problem;
      if (collected.haveStatus) {
        parseDeliveryStatus(collected.deliveryStatus, message, problem);
      } else {
        problem = "the delivery report has no message/delivery-status part";
      }
      if (collected.haveReturned) {
        std::string_view returnedHeader;
        std::string_view returnedBody;
        splitMessage(collected.returnedHeaders, returnedHeader, returnedBody);
        HeaderBlock returned;
        if (parseHeaderBlock(returnedHeader, returned)) {
          message.originalMessageId = oneMessageId(returned.get("Message-ID"));
        }
      }
      if (!problem.empty()) result.problem += (result.problem.empty() ? "" : "; ") + problem;
    }
  } catch (const std::exception& e) {
    // Not expected; the message still reaches the registry.
    result.parsed = false;
    result.message = InboundMessage{};
    result.problem = std::string("the message could not be parsed: ") + e.what();
  }
  return result;
}

}  // namespace chancery::mail
