#include "mime_encoding.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/Net/QuotedPrintableEncoder.h>
#include <Poco/SHA1Engine.h>
#include <Poco/Timestamp.h>

#include <sstream>
#include <vector>

namespace chancery::mail::mime {
namespace {

constexpr std::string_view kEncodedWordStart = "=?UTF-8?Q?";
constexpr std::string_view kEncodedWordEnd = "?=";
constexpr std::size_t kEncodedWordMax = 75;  // RFC 2047 2
constexpr std::size_t kHardLimit = 998;      // RFC 5322 2.1.1: MUST
constexpr char kHex[] = "0123456789ABCDEF";

std::size_t utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xe0) == 0xc0) return 2;
  if ((lead & 0xf0) == 0xe0) return 3;
  if ((lead & 0xf8) == 0xf0) return 4;
  return 1;
}

// The Q encoding of one character, restricted to what RFC 2047 5(3) allows in a phrase,
// so the same words serve in Subject and in a display name.
std::string qEncodeCharacter(std::string_view character) {
  std::string out;
  for (char c : character) {
    const auto u = static_cast<unsigned char>(c);
    const bool literal = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                         (u >= '0' && u <= '9') || u == '!' || u == '*' || u == '+' || u == '-' ||
                         u == '/';
    if (literal) {
      out += c;
    } else if (u == ' ') {
      out += '_';
    } else {
      out += '=';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// Encoded words for `value`, the first fitting in `firstBudget` columns, the others on
// continuation lines ("\r\n " + word).
std::string encodedWords(std::string_view value, std::size_t firstBudget) {
  const std::size_t overhead = kEncodedWordStart.size() + kEncodedWordEnd.size();
  std::string out;
  std::string word;
  std::size_t budget = std::min(firstBudget, kEncodedWordMax);
  if (budget < overhead + 12) budget = kEncodedWordMax;  // no room: start on a new line
  const std::size_t nextBudget = std::min(kLineLimit - 1, kEncodedWordMax);
  bool first = true;
  auto flush = [&] {
    if (word.empty()) return;
    if (!first) out += "\r\n ";
    out += kEncodedWordStart;
    out += word;
    out += kEncodedWordEnd;
    word.clear();
    first = false;
    budget = nextBudget;
  };
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t n =
        std::min(utf8Length(static_cast<unsigned char>(value[i])), value.size() - i);
    const std::string encoded = qEncodeCharacter(value.substr(i, n));
    if (!word.empty() && overhead + word.size() + encoded.size() > budget) flush();
    word += encoded;
    i += n;
  }
  flush();
  if (out.empty()) out = std::string(kEncodedWordStart) + std::string(kEncodedWordEnd);
  return out;
}

bool isPlainAscii(std::string_view value) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return value.find("=?") == std::string_view::npos;
}

// Plain ASCII folded before spaces so lines stay within kLineLimit where words allow;
// empty when some line would still exceed the hard limit.
std::string foldPlain(std::string_view value, std::size_t used) {
  std::string out;
  std::size_t line = used;
  std::size_t i = 0;
  while (i < value.size()) {
    // A segment: the spaces before a word, then the word.
    std::size_t j = i;
    while (j < value.size() && value[j] == ' ') ++j;
    while (j < value.size() && value[j] != ' ') ++j;
    const std::string_view segment = value.substr(i, j - i);
    const bool startsWithSpace = segment.front() == ' ';
    const bool hasWord = segment.find_first_not_of(' ') != std::string_view::npos;
    if (startsWithSpace && hasWord && line > used && line + segment.size() > kLineLimit) {
      out += "\r\n";
      line = 0;
    }
    out += segment;
    line += segment.size();
    if (line > kHardLimit) return {};
    i = j;
  }
  return out;
}

std::string quoteString(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::size_t lastLineLength(const std::string& s) {
  const auto nl = s.rfind('\n');
  return nl == std::string::npos ? s.size() : s.size() - nl - 1;
}

bool isAttrChar(unsigned char c) {  // RFC 2231 attribute-char
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '&':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string encodeUnstructured(std::string_view value, std::size_t nameLength) {
  const std::size_t used = nameLength + 2;
  if (isPlainAscii(value)) {
    std::string folded = foldPlain(value, used);
    if (!folded.empty() || value.empty()) return folded;
  }
  return encodedWords(value, kLineLimit > used ? kLineLimit - used : 0);
}

std::string encodeMailbox(std::string_view name, std::string_view address, std::size_t nameLength) {
  const std::string angle = "<" + std::string(address) + ">";
  if (name.empty()) return std::string(address);
  const std::size_t used = nameLength + 2;
  std::string phrase;
  bool plain = true;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) plain = false;
  }
  if (name.find("=?") != std::string_view::npos) plain = false;
  if (plain && used + name.size() + 2 < kHardLimit - angle.size() - 2) {
    phrase = quoteString(name);
  } else {
    phrase = encodedWords(name, kLineLimit > used ? kLineLimit - used : 0);
  }
  const std::size_t lineSoFar =
      phrase.find('\n') == std::string::npos ? used + phrase.size() : lastLineLength(phrase);
  if (lineSoFar + 1 + angle.size() > kLineLimit) return phrase + "\r\n " + angle;
  return phrase + " " + angle;
}

std::string encodeParameter(std::string_view name, std::string_view value) {
  constexpr std::size_t kShort = 60;
  bool plain = value.size() <= kShort;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) plain = false;
  }
  if (plain) return ";\r\n " + std::string(name) + "=" + quoteString(value);
  // RFC 2231: name*0*=UTF-8''%E2%80%94...; name*1*=... (no segment splits a %XX).
  std::vector<std::string> segments(1);
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    std::string piece;
    if (isAttrChar(u)) {
      piece = std::string(1, c);
    } else {
      piece = {'%', kHex[u >> 4], kHex[u & 15]};
    }
    if (segments.back().size() + piece.size() > kShort) segments.emplace_back();
    segments.back() += piece;
  }
  std::string out;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    out += ";\r\n ";
    out += name;
    if (segments.size() > 1) out += "*" + std::to_string(k);
    out += "*=";
    if (k == 0) out += "UTF-8''";
    out += segments[k];
  }
  return out;
}

std::string canonicalLines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32 + 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)) {
    out += "\r\n";
  }
  return out;
}

std::string quotedPrintable(std::string_view canonicalText) {
  std::ostringstream out;
  {
    Poco::Net::QuotedPrintableEncoder encoder(out);
    encoder.write(canonicalText.data(), static_cast<std::streamsize>(canonicalText.size()));
    encoder.close();
  }
  return out.str();
}

std::string base64Lines(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  constexpr std::size_t kGroupsPerLine = 19;  // 76 characters
  std::string out;
  const std::size_t groups = (bytes.size() + 2) / 3;
  out.reserve(groups * 4 + (groups / kGroupsPerLine + 1) * 2);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  std::size_t inLine = 0;
  auto breakLine = [&] {
    if (inLine == kGroupsPerLine) {
      out += "\r\n";
      inLine = 0;
    }
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    breakLine();
    const unsigned v = (unsigned{p[i]} << 16) | (unsigned{p[i + 1]} << 8) | p[i + 2];
    const char group[4] = {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
                           kAlphabet[v & 63]};
    out.append(group, 4);
    ++inLine;
  }
  if (i < bytes.size()) {
    breakLine();
    const unsigned v =
        (unsigned{p[i]} << 16) | (i + 1 < bytes.size() ? unsigned{p[i + 1]} << 8 : 0);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string rfc5322Date(Millis t) {
  const Poco::Timestamp ts(static_cast<Poco::Timestamp::TimeVal>(t) * 1000);
  return Poco::DateTimeFormatter::format(ts, "%w, %e %b %Y %H:%M:%S +0000");
}

std::string sha1Hex(std::string_view data) {
  Poco::SHA1Engine sha1;
  sha1.update(data.data(), static_cast<unsigned>(data.size()));
  return Poco::DigestEngine::digestToHex(sha1.digest());
}

}  // namespace chancery::mail::mime
