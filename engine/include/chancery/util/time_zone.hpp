// A ministry's time zone, from the system's tz database (Debian: tzdata, TZif files
// under /usr/share/zoneinfo): what day and hour it is in Baku when a note is registered
// at 21:30 UTC. Immutable once loaded; safe to share between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace chancery {

class TimeZone {
 public:
  // Coordinated Universal Time: offset 0 always.
  static TimeZone utc();
  // The zone `name` ("Asia/Baku", "Europe/Paris", "UTC") from `zoneinfo`. Throws
  // std::invalid_argument saying what to fix when the name is not a zone there (names
  // are letters, digits, '_', '-', '+' and '/' between parts; never "..").
  static TimeZone load(std::string_view name,
                       const std::filesystem::path& zoneinfo = "/usr/share/zoneinfo");

  const std::string& name() const { return name_; }
  // Seconds to add to UTC to get local time at the instant `utcMs` (ms since 1970).
  int offsetAt(std::int64_t utcMs) const;
  // The local date at `utcMs`: "2026-11-29".
  std::string localDate(std::int64_t utcMs) const;

  // A rule for the years after the last transition in the file (its POSIX TZ footer,
  // e.g. "CET-1CEST,M3.5.0,M10.5.0/3"). Public for tests.
  struct Rule {
    int stdOffset = 0;  // seconds east of UTC
    int dstOffset = 0;
    bool hasDst = false;
    // When DST starts and ends, in local time: month (1-12), week (1-5, 5 = last),
    // weekday (0 = Sunday) and seconds after midnight (may be negative or past 24 h);
    // or, when julian >= 0, a day of the year (Jn: 1-365 without Feb 29; n: 0-365).
    struct Moment {
      int month = 0, week = 0, weekday = 0;
      int julian = -1;
      bool countsLeapDay = false;
      int seconds = 7200;
    };
    Moment start, end;
    int offsetAt(std::int64_t utcSeconds) const;
  };
  // Parses a POSIX TZ string; throws std::invalid_argument.
  static Rule parseRule(std::string_view text);

 private:
  struct Type {
    int offset = 0;
    bool dst = false;
  };
  std::string name_ = "UTC";
  std::vector<std::int64_t> transitions_;  // seconds, ascending
  std::vector<std::uint8_t> typeOf_;       // the type from each transition on
  std::vector<Type> types_;
  Rule footer_;
  bool hasFooter_ = false;
};

}  // namespace chancery
