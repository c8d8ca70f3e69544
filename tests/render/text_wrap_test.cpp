// wrapText: 72 columns of code points, indentation kept, words kept whole.
#include "chancery/render/text_wrap.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace chancery::render {
namespace {

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::size_t codePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST(TextWrap, ShortLinesStayAsTheyAre) {
  EXPECT_EQ(wrapText("Baku, 28 November 2026\n"), "Baku, 28 November 2026\n");
  EXPECT_EQ(wrapText("No. 1        Baku\n"), "No. 1        Baku\n");  // inner spaces kept
}

TEST(TextWrap, LineEndingsBecomeNewlinesWithOneFinalNewline) {
  EXPECT_EQ(wrapText("a\r\nb\rc\n"), "a\nb\nc\n");
  EXPECT_EQ(wrapText("a"), "a\n");
  EXPECT_EQ(wrapText("a\n\n\n\n"), "a\n");
  EXPECT_EQ(wrapText(""), "\n");
  EXPECT_EQ(wrapText("a\n\nb\n"), "a\n\nb\n");  // blank lines inside are kept
  EXPECT_EQ(wrapText("a   \t\nb"), "a\nb\n");   // trailing blanks dropped
}

TEST(TextWrap, BreaksAtSpacesWithinSeventyTwoColumns) {
  std::string paragraph;
  for (int i = 0; i < 40; ++i) paragraph += "word" + std::to_string(i) + " ";
  std::string wrapped = wrapText(paragraph);
  std::vector<std::string> lines = linesOf(wrapped);
  ASSERT_GT(lines.size(), 3u);
  std::string rejoined;
  for (const auto& line : lines) {
    EXPECT_LE(codePoints(line), 72u) << line;
    EXPECT_NE(line.back(), ' ');
    rejoined += (rejoined.empty() ? "" : " ") + line;
  }
  EXPECT_EQ(rejoined + " ", paragraph);  // nothing lost, no word split
  // Greedy: each line could not take the next word.
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::string next = lines[i + 1].substr(0, lines[i + 1].find(' '));
    EXPECT_GT(codePoints(lines[i]) + 1 + codePoints(next), 72u);
  }
}

TEST(TextWrap, ExactlySeventyTwoFits) {
  std::string line(72, 'x');
  EXPECT_EQ(wrapText(line), line + "\n");
  std::string two = std::string(36, 'a') + " " + std::string(35, 'b');  // 72
  EXPECT_EQ(wrapText(two), two + "\n");
  std::string over = std::string(36, 'a') + " " + std::string(36, 'b');  // 73
  EXPECT_EQ(wrapText(over), std::string(36, 'a') + "\n" + std::string(36, 'b') + "\n");
}

TEST(TextWrap, AzerbaijaniLettersCountOneColumnEach) {
  // "əğışçöü" are two bytes each in UTF-8: 72 of them are 144 bytes but 72 columns.
  std::string word;
  for (int i = 0; i < 12; ++i) word += "əğışçö";  // 72 letters
  EXPECT_EQ(wrapText(word), word + "\n");
  std::string sentence;
  for (int i = 0; i < 20; ++i) sentence += "Şıxəli küçəsi ";  // 14 columns a time
  for (const auto& line : linesOf(wrapText(sentence))) {
    EXPECT_LE(codePoints(line), 72u) << line;
    EXPECT_GE(codePoints(line), 72u - 14u) << line;  // a byte count would break far earlier
  }
}

TEST(TextWrap, ContinuationLinesKeepTheIndentation) {
  std::string text = "    ";
  for (int i = 0; i < 30; ++i) text += "indented ";
  std::vector<std::string> lines = linesOf(wrapText(text));
  ASSERT_GT(lines.size(), 2u);
  for (const auto& line : lines) {
    EXPECT_EQ(line.substr(0, 4), "    ") << line;
    EXPECT_NE(line[4], ' ') << line;
    EXPECT_LE(codePoints(line), 72u);
  }
}

TEST(TextWrap, AWordLongerThanALineIsCut) {
  std::string url = "https://example.test/" + std::string(100, 'q');  // 121 columns
  std::string wrapped = wrapText("see " + url + " now");
  std::vector<std::string> lines = linesOf(wrapped);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "see");
  EXPECT_EQ(lines[1], url.substr(0, 72));
  EXPECT_EQ(lines[2], url.substr(72) + " now");
}

TEST(TextWrap, ALongAzerbaijaniWordIsCutBetweenCodePoints) {
  std::string word;
  for (int i = 0; i < 100; ++i) word += "ə";
  std::vector<std::string> lines = linesOf(wrapText("  " + word));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(codePoints(lines[0]), 72u);  // 2 of indentation and 70 letters
  EXPECT_EQ(lines[1], "  " + std::string(word.begin(), word.begin() + 60));
}

TEST(TextWrap, NoBreakSpaceGlues) {
  std::string text = std::string(66, 'a') + " No.\u00a012";  // "No. 12" must stay together
  std::vector<std::string> lines = linesOf(wrapText(text));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "No.\u00a012");
}

TEST(TextWrap, HugeIndentationStillLeavesRoom) {
  std::string text = std::string(70, ' ') + "alpha beta gamma delta epsilon zeta eta theta";
  for (const auto& line : linesOf(wrapText(text))) {
    EXPECT_LE(codePoints(line), 72u);
    EXPECT_EQ(line.substr(0, 52), std::string(52, ' '));
  }
}

}  // namespace
}  // namespace chancery::render
