#include <gtest/gtest.h>

#include "chancery/workflow/duration.hpp"

using chancery::workflow::describeDuration;
using chancery::workflow::parseDuration;
using std::chrono::seconds;

TEST(Duration, ParsesWeeksDaysAndTimes) {
  EXPECT_EQ(parseDuration("P1D"), seconds(86400));
  EXPECT_EQ(parseDuration("PT4H"), seconds(4 * 3600));
  EXPECT_EQ(parseDuration("P1DT12H"), seconds(86400 + 12 * 3600));
  EXPECT_EQ(parseDuration("P1W"), seconds(7 * 86400));
  EXPECT_EQ(parseDuration("PT90M"), seconds(90 * 60));
  EXPECT_EQ(parseDuration("PT30S"), seconds(30));
}

TEST(Duration, RefusesWhatHasNoFixedLengthOrIsMalformed) {
  std::string why;
  EXPECT_FALSE(parseDuration("P1M", &why));
  EXPECT_NE(why.find("months"), std::string::npos);
  for (const char* bad : {"", "P", "PT", "1D", "P1", "P1H", "PT1D", "P1D1W", "P-1D", "P0D",
                          "PT1H1H", "P1DT", "2 days"}) {
    EXPECT_FALSE(parseDuration(bad)) << bad;
  }
}

TEST(Duration, DescribesForPeople) {
  EXPECT_EQ(describeDuration(seconds(86400)), "1 day");
  EXPECT_EQ(describeDuration(seconds(2 * 86400 + 3600)), "2 days 1 hour");
}
