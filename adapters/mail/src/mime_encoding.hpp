// Encoders for outgoing MIME (internal to chancery_mime). Inputs have passed the
// checks in header_checks.hpp: no CR, LF or NUL, UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "chancery/engine/clock.hpp"

namespace chancery::mail::mime {

constexpr std::size_t kLineLimit = 78;  // RFC 5322 2.1.1: SHOULD

// An unstructured header body (Subject, X-Chancery-Registry-Number): plain ASCII folded
// at spaces, or RFC 2047 "Q" encoded words (UTF-8, never splitting a character) when it
// holds non-ASCII, control characters or "=?". `nameLength` is the length of the field
// name, so the first line's budget accounts for "Name: ".
std::string encodeUnstructured(std::string_view value, std::size_t nameLength);

// `"Display Name" <address>` (quoted-string, or encoded words when not ASCII), folded
// before the angle address when the line would be long; just the address when `name` is
// empty.
std::string encodeMailbox(std::string_view name, std::string_view address, std::size_t nameLength);

// `;\r\n name="value"`, or RFC 2231 `;\r\n name*0*=UTF-8''...` continuations when the
// value is not short printable ASCII: every parameter on a folded line of its own.
std::string encodeParameter(std::string_view name, std::string_view value);

// LF, CR and CRLF line ends all become CRLF; a non-empty text ends with CRLF.
std::string canonicalLines(std::string_view text);

// Quoted-printable (RFC 2045 6.7) of canonical CRLF text: hard line breaks stay, other
// lines are soft-broken at 76.
std::string quotedPrintable(std::string_view canonicalText);

// Base64 in lines of 76 characters separated by CRLF (no CRLF after the last).
std::string base64Lines(std::string_view bytes);

// "Sat, 28 Nov 2026 09:30:00 +0000" (RFC 5322 3.3), UTC.
std::string rfc5322Date(Millis t);

// Lower-case hex SHA-1 of `data`.
std::string sha1Hex(std::string_view data);

}  // namespace chancery::mail::mime
