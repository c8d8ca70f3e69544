#include "chancery/render/text_wrap.hpp"

#include <algorithm>
#include <vector>

namespace chancery::render {
namespace {

constexpr std::size_t kMinTextRoom = 20;

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::size_t sequenceLength(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF8) return 4;
  return 1;
}

// Byte length of the code point at `at`, never past the end and never swallowing a byte
// that is not a continuation byte.
std::size_t codePointBytes(std::string_view s, std::size_t at) {
  std::size_t n = sequenceLength(static_cast<unsigned char>(s[at]));
  std::size_t i = 1;
  while (i < n && at + i < s.size() && (static_cast<unsigned char>(s[at + i]) & 0xC0) == 0x80) {
    ++i;
  }
  return i;
}

std::size_t columns(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); i += codePointBytes(s, i)) ++count;
  return count;
}

// The first `cols` code points of `s` (all of it when shorter), in bytes.
std::size_t prefixBytes(std::string_view s, std::size_t cols) {
  std::size_t i = 0;
  for (std::size_t c = 0; c < cols && i < s.size(); ++c) i += codePointBytes(s, i);
  return i;
}

std::string_view trimRight(std::string_view s) {
  std::size_t end = s.find_last_not_of(" \t");
  return end == std::string_view::npos ? std::string_view() : s.substr(0, end + 1);
}

void wrapLine(std::string_view line, std::size_t width, std::string& out) {
  if (columns(line) <= width) {
    out.append(line);
    out.push_back('\n');
    return;
  }
  std::size_t indentEnd = line.find_first_not_of(" \t");  // a trimmed line has text
  std::string_view indent = line.substr(0, indentEnd);
  if (width > kMinTextRoom && indent.size() > width - kMinTextRoom) {
    indent = indent.substr(0, width - kMinTextRoom);
  } else if (width <= kMinTextRoom) {
    indent = {};
  }
  const std::size_t room = width - indent.size();  // indentation is ASCII: bytes == columns

  std::string current(indent);
  std::size_t currentCols = indent.size();
  bool hasWord = false;
  auto flush = [&] {
    out.append(current);
    out.push_back('\n');
    current.assign(indent);
    currentCols = indent.size();
    hasWord = false;
  };

  std::size_t i = indentEnd;
  while (i < line.size()) {
    std::size_t wordStart = line.find_first_not_of(' ', i);
    std::string_view separator = line.substr(i, wordStart - i);
    std::size_t wordEnd = std::min(line.find(' ', wordStart), line.size());
    std::string_view word = line.substr(wordStart, wordEnd - wordStart);
    i = wordEnd;
    std::size_t wordCols = columns(word);

    if (hasWord && currentCols + separator.size() + wordCols <= width) {
      current.append(separator);
      current.append(word);
      currentCols += separator.size() + wordCols;
      continue;
    }
    if (hasWord) flush();
    // At the start of a line: the word fits whole, or is cut into pieces of `room`.
    while (wordCols > room) {
      std::size_t cut = prefixBytes(word, room);
      current.append(word.substr(0, cut));
      currentCols += room;
      hasWord = true;
      flush();
      word.remove_prefix(cut);
      wordCols -= room;
    }
    if (!word.empty()) {
      current.append(word);
      currentCols += wordCols;
      hasWord = true;
    }
  }
  if (hasWord) flush();
}

}  // namespace

std::string wrapText(std::string_view text, std::size_t width) {
  if (width == 0) width = 1;
  std::string out;
  out.reserve(text.size() + text.size() / 64 + 1);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    wrapLine(trimRight(text.substr(start, end - start)), width, out);
    if (end == text.size()) break;
    start = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
    if (start == text.size()) break;  // the text ended with a line break
  }
  // Exactly one final newline.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  if (out.empty() || out.back() != '\n') out.push_back('\n');
  return out;
}

}  // namespace chancery::render
