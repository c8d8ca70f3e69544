// Base64 (RFC 4648, with padding): artifacts are stored as text on every back end.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chancery {

std::string base64Encode(std::string_view bytes);
// nullopt when the text is not valid base64.
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace chancery
