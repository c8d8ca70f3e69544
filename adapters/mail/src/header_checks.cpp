#include "chancery/mail/header_checks.hpp"

#include <string>

#include "chancery/mail/errors.hpp"

namespace chancery::mail {
namespace {

// RFC 5322 atext.
bool isAtext(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
      return true;
    default:
      return false;
  }
}

bool isDotAtom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  char previous = 0;
  for (char c : s) {
    if (c == '.') {
      if (previous == '.') return false;
    } else if (!isAtext(static_cast<unsigned char>(c))) {
      return false;
    }
    previous = c;
  }
  return true;
}

bool isLdhLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  for (char c : label) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string describe(std::string_view value) {
  constexpr std::size_t kShown = 60;
  std::string shown;
  for (char c : value.substr(0, kShown)) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r') {
      shown += "\\r";
    } else if (c == '\n') {
      shown += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      shown += "\\x";
      shown += "0123456789abcdef"[u >> 4];
      shown += "0123456789abcdef"[u & 15];
    } else {
      shown += c;
    }
  }
  if (value.size() > kShown) shown += "...";
  return shown;
}

}  // namespace

void checkHeaderValue(std::string_view field, std::string_view value) {
  const auto bad = value.find_first_of(std::string_view("\r\n\0", 3));
  if (bad == std::string_view::npos) return;
  const char* what = value[bad] == '\r'   ? "a carriage return (CR)"
                     : value[bad] == '\n' ? "a line feed (LF)"
                                          : "a NUL character";
  throw HeaderInjection(std::string(field),
                        std::string(field) + " contains " + what + " at position " +
                            std::to_string(bad) + " (\"" + describe(value) +
                            "\"): it would end up in a mail header or an SMTP command; "
                            "remove line breaks and control characters from it");
}

bool isPlainMailbox(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.size() > 64 || domain.size() > 255) return false;
  if (!isDotAtom(local)) return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = domain.find('.', start);
    const auto label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!isLdhLabel(label)) return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

void checkMailbox(std::string_view field, std::string_view address) {
  checkHeaderValue(field, address);
  if (isPlainMailbox(address)) return;
  throw InvalidAddress(std::string(field),
                       std::string(field) + " \"" + describe(address) +
                           "\" is not a plain mail address (local@domain, ASCII letters, "
                           "digits and . _ + - only, no name or angle brackets); "
                           "correct it in the recipient directory");
}

bool isUtf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    unsigned min = 0;
    unsigned code = 0;
    if ((c & 0xe0) == 0xc0) {
      extra = 1, min = 0x80, code = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2, min = 0x800, code = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3, min = 0x10000, code = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= n) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

std::string xtextEncode(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= '!' && u <= '~' && u != '+' && u != '=') {
      out += c;
    } else {
      out += '+';
      out += "0123456789ABCDEF"[u >> 4];
      out += "0123456789ABCDEF"[u & 15];
    }
  }
  return out;
}

}  // namespace chancery::mail
