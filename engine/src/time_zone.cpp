// TZif files (RFC 8536) and POSIX TZ strings, read as much as a ministry's dates need:
// the UTC offset at an instant.
#include "chancery/util/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace chancery {
namespace {

constexpr std::uintmax_t kMaxZoneFileBytes = 1u << 20;

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  std::int64_t year;
  int month, day;
};

Civil civilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool isLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(std::int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// Seconds since 1970 of `moment` in year `y`, as local wall-clock seconds.
std::int64_t localSeconds(std::int64_t y, const TimeZone::Rule::Moment& moment) {
  std::int64_t day;
  if (moment.julian >= 0) {
    day = daysFromCivil(y, 1, 1) + moment.julian;
    if (!moment.countsLeapDay) day += -1 + (isLeap(y) && moment.julian >= 60 ? 1 : 0);
  } else {
    std::int64_t first = daysFromCivil(y, moment.month, 1);
    int weekdayOfFirst = static_cast<int>(((first % 7) + 7 + 4) % 7);  // 1970-01-01: Thursday
    int date = 1 + (moment.weekday - weekdayOfFirst + 7) % 7 + (moment.week - 1) * 7;
    while (date > daysInMonth(y, moment.month)) date -= 7;
    day = first + date - 1;
  }
  return day * 86400 + moment.seconds;
}

class RuleParser {
 public:
  explicit RuleParser(std::string_view text) : text_(text) {}

  TimeZone::Rule parse() {
    TimeZone::Rule rule;
    name();
    rule.stdOffset = -offset(false);
    if (done()) return rule;
    rule.hasDst = true;
    name();
    rule.dstOffset = rule.stdOffset + 3600;
    if (!done() && peek() != ',') rule.dstOffset = -offset(false);
    if (done()) {  // no rule given: POSIX leaves it open; the US rule is the usual default
      rule.start = {3, 2, 0, -1, false, 7200};
      rule.end = {11, 1, 0, -1, false, 7200};
      return rule;
    }
    expect(',');
    rule.start = moment();
    expect(',');
    rule.end = moment();
    if (!done()) fail("unexpected text after the end rule");
    return rule;
  }

 private:
  bool done() const { return at_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[at_]; }
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("the time zone rule '" + std::string(text_) + "' is not a POSIX TZ "
                                "string: " + what);
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }

  void name() {
    if (peek() == '<') {
      std::size_t close = text_.find('>', at_);
      if (close == std::string_view::npos) fail("a '<' name is not closed");
      at_ = close + 1;
      return;
    }
    std::size_t start = at_;
    while (!done() && std::isalpha(static_cast<unsigned char>(peek()))) ++at_;
    if (at_ - start < 3) fail("a zone name needs at least three letters");
  }

  int number(int max) {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("expected a number");
    int n = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      n = n * 10 + (text_[at_++] - '0');
      if (n > max) fail("a number is out of range");
    }
    return n;
  }

  // [+-]hh[:mm[:ss]] in seconds (POSIX offsets are west of UTC: the caller negates).
  int offset(bool longHours) {
    int sign = 1;
    if (peek() == '+' || peek() == '-') sign = text_[at_++] == '-' ? -1 : 1;
    int seconds = number(longHours ? 167 : 24) * 3600;
    if (peek() == ':') {
      ++at_;
      seconds += number(59) * 60;
      if (peek() == ':') {
        ++at_;
        seconds += number(59);
      }
    }
    return sign * seconds;
  }

  TimeZone::Rule::Moment moment() {
    TimeZone::Rule::Moment m;
    if (peek() == 'M') {
      ++at_;
      m.month = number(12);
      expect('.');
      m.week = number(5);
      expect('.');
      m.weekday = number(6);
      if (m.month < 1 || m.week < 1) fail("month and week start at 1");
    } else if (peek() == 'J') {
      ++at_;
      m.julian = number(365);
      if (m.julian < 1) fail("Jn counts days from 1");
    } else {
      m.julian = number(365);
      m.countsLeapDay = true;
    }
    if (peek() == '/') {
      ++at_;
      m.seconds = offset(true);
    }
    return m;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

class Reader {
 public:
  Reader(const std::string& bytes, const std::string& what) : bytes_(bytes), what_(what) {}
  std::uint32_t u32(std::size_t at) const {
    need(at + 4);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data() + at);
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
  }
  std::int64_t i64(std::size_t at) const {
    return static_cast<std::int64_t>((std::uint64_t{u32(at)} << 32) | u32(at + 4));
  }
  std::int32_t i32(std::size_t at) const { return static_cast<std::int32_t>(u32(at)); }
  std::uint8_t u8(std::size_t at) const {
    need(at + 1);
    return static_cast<std::uint8_t>(bytes_[at]);
  }
  void need(std::size_t end) const {
    if (end > bytes_.size()) throw std::invalid_argument(what_ + " is cut short: not a whole TZif file");
  }
  std::size_t size() const { return bytes_.size(); }

 private:
  const std::string& bytes_;
  const std::string& what_;
};

void checkName(std::string_view name) {
  auto bad = [&](const std::string& why) {
    throw std::invalid_argument("'" + std::string(name).substr(0, 80) +
                                "' is not a time zone name (" + why +
                                "): give one such as Asia/Baku or Europe/Paris");
  };
  if (name.empty() || name.size() > 128) bad("empty or too long");
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    std::string_view part = name.substr(start, slash == std::string_view::npos ? name.npos : slash - start);
    if (part.empty() || part == "." || part == "..") bad("an empty, '.' or '..' part");
    for (char c : part) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '+' && c != '.') {
        bad("only letters, digits, '_', '-', '+' and '/'");
      }
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
}

}  // namespace

int TimeZone::Rule::offsetAt(std::int64_t utcSeconds) const {
  if (!hasDst) return stdOffset;
  std::int64_t year = civilFromDays(floorDiv(utcSeconds + stdOffset, 86400)).year;
  std::int64_t startUtc = localSeconds(year, start) - stdOffset;
  std::int64_t endUtc = localSeconds(year, end) - dstOffset;
  bool dst = startUtc < endUtc ? (utcSeconds >= startUtc && utcSeconds < endUtc)
                               : !(utcSeconds >= endUtc && utcSeconds < startUtc);
  return dst ? dstOffset : stdOffset;
}

TimeZone::Rule TimeZone::parseRule(std::string_view text) { return RuleParser(text).parse(); }

TimeZone TimeZone::utc() { return TimeZone(); }

TimeZone TimeZone::load(std::string_view name, const std::filesystem::path& zoneinfo) {
  checkName(name);
  std::filesystem::path file = zoneinfo / std::string(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw std::invalid_argument("there is no time zone '" + std::string(name) + "' (no file " +
                                file.string() + "; is the tzdata package installed?)");
  }
  std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxZoneFileBytes) {
    throw std::invalid_argument(file.string() + " is too large or unreadable for a time zone file");
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  std::ifstream in(file, std::ios::binary);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    throw std::invalid_argument(file.string() + " cannot be read");
  }
  const std::string what = file.string();
  Reader r(bytes, what);
  if (bytes.size() < 44 || bytes.compare(0, 4, "TZif") != 0) {
    throw std::invalid_argument(what + " is not a TZif time zone file");
  }
  char version = bytes[4];
  std::size_t header = 0;
  std::size_t timeSize = 4;
  auto counts = [&](std::size_t at, std::uint32_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = r.u32(at + 20 + 4 * static_cast<std::size_t>(i));
    for (int i = 0; i < 6; ++i) {
      if (c[i] > 100000) throw std::invalid_argument(what + " has implausible counts");
    }
  };
  std::uint32_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  counts(0, c);
  if (version != '\0') {  // skip the 32-bit block for the 64-bit one
    std::size_t v1 = c[3] * 5u + c[4] * 6u + c[5] + c[2] * 8u + c[1] + c[0];
    header = 44 + v1;
    r.need(header + 44);
    if (bytes.compare(header, 4, "TZif") != 0) throw std::invalid_argument(what + " is damaged");
    counts(header, c);
    timeSize = 8;
  }
  const std::uint32_t leaps = c[2], times = c[3], typeCount = c[4], chars = c[5];
  if (typeCount == 0) throw std::invalid_argument(what + " defines no local time type");
  TimeZone zone;
  zone.name_ = std::string(name);
  std::size_t at = header + 44;
  for (std::uint32_t i = 0; i < times; ++i, at += timeSize) {
    zone.transitions_.push_back(timeSize == 8 ? r.i64(at) : r.i32(at));
  }
  for (std::uint32_t i = 0; i < times; ++i, ++at) {
    std::uint8_t type = r.u8(at);
    if (type >= typeCount) throw std::invalid_argument(what + " refers to a missing time type");
    zone.typeOf_.push_back(type);
  }
  for (std::uint32_t i = 0; i < typeCount; ++i, at += 6) {
    zone.types_.push_back({r.i32(at), r.u8(at + 4) != 0});
  }
  if (!std::is_sorted(zone.transitions_.begin(), zone.transitions_.end())) {
    throw std::invalid_argument(what + " has transitions out of order");
  }
  at += chars + leaps * (timeSize + 4) + c[1] + c[0];
  if (version != '\0' && at < bytes.size() && bytes[at] == '\n') {
    std::size_t end = bytes.find('\n', at + 1);
    if (end != std::string::npos && end > at + 1) {
      zone.footer_ = parseRule(std::string_view(bytes).substr(at + 1, end - at - 1));
      zone.hasFooter_ = true;
    }
  }
  return zone;
}

int TimeZone::offsetAt(std::int64_t utcMs) const {
  std::int64_t s = floorDiv(utcMs, 1000);
  if (hasFooter_ && (transitions_.empty() || s >= transitions_.back())) return footer_.offsetAt(s);
  if (types_.empty()) return 0;  // UTC
  if (transitions_.empty() || s < transitions_.front()) return types_.front().offset;
  auto next = std::upper_bound(transitions_.begin(), transitions_.end(), s);
  return types_[typeOf_[static_cast<std::size_t>(next - transitions_.begin() - 1)]].offset;
}

std::string TimeZone::localDate(std::int64_t utcMs) const {
  std::int64_t local = floorDiv(utcMs, 1000) + offsetAt(utcMs);
  Civil d = civilFromDays(floorDiv(local, 86400));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d", static_cast<long long>(d.year), d.month, d.day);
  return buffer;
}

}  // namespace chancery
