// ISO 8601 durations for due dates: weeks, days, hours, minutes and seconds
// (P1W, P2D, PT4H, P1DT12H, PT90M). Years and months have no fixed length and are
// refused with an explanation.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace chancery::workflow {

// Parses text; on failure returns nullopt and sets *why (if given) to what to fix.
std::optional<std::chrono::seconds> parseDuration(std::string_view text,
                                                  std::string* why = nullptr);
// "2 days", "4 hours", "1 day 12 hours".
std::string describeDuration(std::chrono::seconds d);

}  // namespace chancery::workflow
