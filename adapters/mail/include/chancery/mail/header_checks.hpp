// The checks every value passes before it reaches a mail header or an SMTP command
// (DESIGN.md rule 5). Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace chancery::mail {

// Throws HeaderInjection naming `field` when `value` holds a CR, LF or NUL.
void checkHeaderValue(std::string_view field, std::string_view value);

// True for a plain mailbox: dot-atom local part (at most 64 octets) '@' a domain of
// LDH labels (at most 255 octets), ASCII only, 254 octets in all. No display name,
// no angle brackets, no quoted local part, no comments, no address literal.
bool isPlainMailbox(std::string_view address);

// checkHeaderValue, then throws InvalidAddress naming `field` unless isPlainMailbox.
void checkMailbox(std::string_view field, std::string_view address);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool isUtf8(std::string_view text);

// RFC 3461 xtext: '!'..'~' except '+' and '=' as they are, anything else "+HH".
std::string xtextEncode(std::string_view value);

}  // namespace chancery::mail
