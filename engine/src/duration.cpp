#include "chancery/workflow/duration.hpp"

#include <cctype>

namespace chancery::workflow {

std::optional<std::chrono::seconds> parseDuration(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<std::chrono::seconds> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  const std::string example = "write it like P2D, PT4H, P1DT12H or P1W";
  if (text.size() < 3 || text[0] != 'P') {
    return fail("'" + std::string(text) + "' is not an ISO 8601 duration — " + example);
  }
  long long total = 0;
  bool inTime = false;
  bool any = false;
  std::string_view order = "WD";  // units allowed next, in order, before 'T'
  std::size_t i = 1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      if (inTime) return fail("'T' appears twice in '" + std::string(text) + "' — " + example);
      inTime = true;
      order = "HMS";
      ++i;
      if (i == text.size()) return fail("nothing follows 'T' in '" + std::string(text) + "'");
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (start == i || i == text.size() || i - start > 6) {
      return fail("'" + std::string(text) + "' is not an ISO 8601 duration — " + example);
    }
    long long n = std::stoll(std::string(text.substr(start, i - start)));
    char unit = text[i++];
    if (!inTime && (unit == 'Y' || unit == 'M')) {
      return fail("years and months have no fixed length ('" + std::string(text) +
                  "') — give the time in weeks or days, e.g. P30D");
    }
    std::size_t at = order.find(unit);
    if (at == std::string_view::npos) {
      return fail("unit '" + std::string(1, unit) + "' is out of place in '" +
                  std::string(text) + "' — " + example);
    }
    order = order.substr(at + 1);
    switch (unit) {
      case 'W': total += n * 7 * 86400; break;
      case 'D': total += n * 86400; break;
      case 'H': total += n * 3600; break;
      case 'M': total += n * 60; break;
      case 'S': total += n; break;
      default: break;
    }
    any = true;
  }
  if (!any) return fail("'" + std::string(text) + "' names no time — " + example);
  if (total <= 0) return fail("a due time of zero means nothing — give a positive duration");
  return std::chrono::seconds(total);
}

std::string describeDuration(std::chrono::seconds d) {
  long long s = d.count();
  std::string out;
  auto part = [&](long long n, const char* unit) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(n) + ' ' + unit + (n == 1 ? "" : "s");
  };
  part(s / 86400, "day");
  part(s % 86400 / 3600, "hour");
  part(s % 3600 / 60, "minute");
  part(s % 60, "second");
  return out.empty() ? "0 seconds" : out;
}

}  // namespace chancery::workflow
