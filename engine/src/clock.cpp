#include "chancery/engine/clock.hpp"

#include <cstdio>
#include <ctime>

namespace chancery {

Millis SystemClock::nowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string formatUtc(Millis t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Millis parseUtc(const std::string& iso) {
  // YYYY-MM-DDTHH:MM[:SS]Z (also accepts +00:00).
  int y, mo, d, h, mi, s = 0;
  char tail[8] = {0};
  int n = std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%7s", &y, &mo, &d, &h, &mi, &s, tail);
  if (n < 6) {
    s = 0;
    n = std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d%7s", &y, &mo, &d, &h, &mi, tail);
    if (n < 6) return -1;
  }
  std::string z = tail;
  if (z != "Z" && z != "+00:00") return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return -1;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<Millis>(timegm(&tm)) * 1000;
}

int yearOf(Millis t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm.tm_year + 1900;
}

}  // namespace chancery
