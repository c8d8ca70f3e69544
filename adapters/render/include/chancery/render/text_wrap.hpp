// Wrapping the plain-text rendition (the text part of an email) at a fixed width.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chancery::render {

inline constexpr std::size_t kTextWidth = 72;

// Wraps UTF-8 `text` so that no line is longer than `width` columns, one column per code
// point (so "ə", "ş", "é" count one each):
//   - line endings become "\n" (CRLF and lone CR included), and the result ends with
//     exactly one "\n" (trailing blank lines and trailing spaces are dropped);
//   - a line that fits is kept as it is, inner runs of spaces included;
//   - a longer line breaks at ASCII spaces (a no-break space U+00A0 glues), and every
//     continuation line repeats the line's leading indentation (spaces and tabs; at most
//     width - 20 columns of it are kept, so that text always has room);
//   - a word longer than the room on a line is cut into pieces that fill the lines.
// Invalid UTF-8 bytes count one column each. Pure function; thread-safe.
std::string wrapText(std::string_view text, std::size_t width = kTextWidth);

}  // namespace chancery::render
