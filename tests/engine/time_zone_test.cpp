// The ministry's time zone from the system tz database: local dates around midnight,
// daylight saving time on both hemispheres, the years after the file's last transition
// (its POSIX rule), and names that are not zones.
#include "chancery/util/time_zone.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "chancery/engine/clock.hpp"

namespace chancery {
namespace {

std::int64_t at(const char* iso) { return parseUtc(iso); }

TEST(TimeZone, BakuIsFourHoursAheadAllYear) {
  TimeZone baku = TimeZone::load("Asia/Baku");
  EXPECT_EQ(baku.offsetAt(at("2026-11-28T21:30:00Z")), 4 * 3600);
  EXPECT_EQ(baku.offsetAt(at("2026-07-01T12:00:00Z")), 4 * 3600);  // no DST since 2016
  EXPECT_EQ(baku.offsetAt(at("2015-07-01T12:00:00Z")), 5 * 3600);  // DST then
  // A note registered at 21:30 UTC is dated the next day in Baku.
  EXPECT_EQ(baku.localDate(at("2026-11-28T21:30:00Z")), "2026-11-29");
  EXPECT_EQ(baku.localDate(at("2026-11-28T19:59:59Z")), "2026-11-28");
  EXPECT_EQ(baku.localDate(at("2026-11-28T20:00:00Z")), "2026-11-29");
}

TEST(TimeZone, ParisChangesOnTheLastSundays) {
  TimeZone paris = TimeZone::load("Europe/Paris");
  EXPECT_EQ(paris.offsetAt(at("2026-03-29T00:59:59Z")), 3600);
  EXPECT_EQ(paris.offsetAt(at("2026-03-29T01:00:00Z")), 7200);
  EXPECT_EQ(paris.offsetAt(at("2026-10-25T00:59:59Z")), 7200);
  EXPECT_EQ(paris.offsetAt(at("2026-10-25T01:00:00Z")), 3600);
  // After the last transition in the file (2037): the footer rule decides.
  EXPECT_EQ(paris.offsetAt(at("2045-03-26T00:59:59Z")), 3600);
  EXPECT_EQ(paris.offsetAt(at("2045-03-26T01:00:00Z")), 7200);
  EXPECT_EQ(paris.offsetAt(at("2045-10-29T01:00:00Z")), 3600);
}

TEST(TimeZone, SydneyHasSummerAroundNewYear) {
  TimeZone sydney = TimeZone::load("Australia/Sydney");
  EXPECT_EQ(sydney.offsetAt(at("2027-01-15T00:00:00Z")), 11 * 3600);
  EXPECT_EQ(sydney.offsetAt(at("2027-06-15T00:00:00Z")), 10 * 3600);
  EXPECT_EQ(sydney.offsetAt(at("2050-01-15T00:00:00Z")), 11 * 3600);
  EXPECT_EQ(sydney.offsetAt(at("2050-06-15T00:00:00Z")), 10 * 3600);
  EXPECT_EQ(sydney.localDate(at("2026-12-31T13:30:00Z")), "2027-01-01");
}

TEST(TimeZone, NewYorkAndUtc) {
  TimeZone ny = TimeZone::load("America/New_York");
  EXPECT_EQ(ny.offsetAt(at("2026-11-28T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(ny.offsetAt(at("2026-07-04T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny.localDate(at("2026-11-29T03:00:00Z")), "2026-11-28");
  EXPECT_EQ(TimeZone::utc().offsetAt(at("2026-07-04T12:00:00Z")), 0);
  EXPECT_EQ(TimeZone::load("UTC").offsetAt(at("2026-07-04T12:00:00Z")), 0);
  EXPECT_EQ(TimeZone::utc().localDate(at("2026-11-28T23:59:59Z")), "2026-11-28");
}

TEST(TimeZone, PosixRules) {
  TimeZone::Rule cet = TimeZone::parseRule("CET-1CEST,M3.5.0,M10.5.0/3");
  EXPECT_EQ(cet.stdOffset, 3600);
  EXPECT_EQ(cet.dstOffset, 7200);
  EXPECT_EQ(cet.end.seconds, 3 * 3600);
  TimeZone::Rule fixed = TimeZone::parseRule("<+04>-4");
  EXPECT_FALSE(fixed.hasDst);
  EXPECT_EQ(fixed.offsetAt(0), 4 * 3600);
  TimeZone::Rule julian = TimeZone::parseRule("XXX3YYY,J60/2,300/2:30");
  EXPECT_EQ(julian.stdOffset, -3 * 3600);
  EXPECT_EQ(julian.dstOffset, -2 * 3600);
  // J60 is 1 March every year; day 300 counts 29 February.
  EXPECT_EQ(julian.offsetAt(at("2028-03-01T04:59:59Z") / 1000), -3 * 3600);
  EXPECT_EQ(julian.offsetAt(at("2028-03-01T05:00:00Z") / 1000), -2 * 3600);
  for (const char* bad : {"", "X1", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.5.0", "<+04"}) {
    EXPECT_THROW(TimeZone::parseRule(bad), std::invalid_argument) << bad;
  }
}

TEST(TimeZone, NamesThatAreNotZonesAreRefusedClearly) {
  for (const char* name : {"", "../../etc/passwd", "Asia/../../etc/passwd", "/etc/passwd",
                           "Asia//Baku", "Asia/Baku;rm", "Nowhere/City"}) {
    try {
      TimeZone::load(name);
      ADD_FAILURE() << "took " << name;
    } catch (const std::invalid_argument& e) {
      std::string what = e.what();
      EXPECT_TRUE(what.find("Asia/Baku") != std::string::npos ||
                  what.find("no time zone") != std::string::npos)
          << what;
    }
  }
  // A file that is not a TZif file, and one cut short.
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "chancery-tz-test";
  std::filesystem::create_directories(dir / "Bad");
  std::ofstream(dir / "Bad" / "Text") << "not a zone file at all, but long enough to have a header";
  std::string baku;
  {
    std::ifstream in("/usr/share/zoneinfo/Asia/Baku", std::ios::binary);
    baku.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ofstream(dir / "Bad" / "Cut", std::ios::binary) << baku.substr(0, 60);
  EXPECT_THROW(TimeZone::load("Bad/Text", dir), std::invalid_argument);
  EXPECT_THROW(TimeZone::load("Bad/Cut", dir), std::invalid_argument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace chancery
