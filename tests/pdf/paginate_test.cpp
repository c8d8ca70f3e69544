// The page-breaking rules on bare slice heights (no fonts involved).
#include "paginate.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace chancery::pdf {
namespace {

using P = BreakPenalty;

SliceMetrics line(P before = P::kFree, double gap = 0) { return {10, gap, before, false}; }

// A paragraph of `count` 10pt lines with the usual widow/orphan penalties (2 and 2).
void addParagraph(std::vector<SliceMetrics>& slices, int count, double gap = 0,
                  P before = P::kFree) {
  std::vector<SliceMetrics> lines(static_cast<std::size_t>(count), line());
  for (int i = 0; i < count; ++i) {
    const P inside = (i > 0 && (i < 2 || count - i < 2)) ? P::kAvoid : P::kFree;
    lines[static_cast<std::size_t>(i)].breakBefore = i == 0 ? before : inside;
  }
  lines.front().gapBefore = gap;
  slices.insert(slices.end(), lines.begin(), lines.end());
}

std::vector<std::size_t> pageSizes(const std::vector<PageContent>& pages) {
  std::vector<std::size_t> sizes;
  sizes.reserve(pages.size());
  for (const auto& page : pages) sizes.push_back(page.size());
  return sizes;
}

void expectEverySliceOnce(const std::vector<PageContent>& pages, std::size_t count) {
  std::size_t next = 0;
  for (const auto& page : pages) {
    for (const auto& placed : page) EXPECT_EQ(placed.index, next++);
  }
  EXPECT_EQ(next, count);
}

TEST(Paginate, NoSlicesNoPages) { EXPECT_TRUE(paginate({}, 100).empty()); }

TEST(Paginate, FillsPagesAndStacksTops) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 4);
  addParagraph(slices, 4, /*gap=*/5);
  const auto pages = paginate(slices, 1000);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_DOUBLE_EQ(pages[0][3].top, 30);
  EXPECT_DOUBLE_EQ(pages[0][4].top, 45);  // 40 + gap 5
}

TEST(Paginate, AvoidsAWidowByTakingALineOver) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 3);                          // lines 0-2
  addParagraph(slices, 6);                          // lines 3-8; a 100pt page holds 10 lines
  slices.insert(slices.begin(), {line(), line()});  // 11 lines in all -> one would be a widow
  const auto pages = paginate(slices, 100);
  EXPECT_EQ(pageSizes(pages), (std::vector<std::size_t>{9, 2}));
  expectEverySliceOnce(pages, slices.size());
}

TEST(Paginate, AvoidsAnOrphanByMovingTheParagraphStart) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 9);
  addParagraph(slices, 5);  // only its first line would fit on page 1
  const auto pages = paginate(slices, 100);
  EXPECT_EQ(pageSizes(pages), (std::vector<std::size_t>{9, 5}));
}

TEST(Paginate, ThreeLineParagraphIsNeverSplit) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 8);
  addParagraph(slices, 3);  // two lines fit, but 2 + 1 would leave a widow
  const auto pages = paginate(slices, 100);
  EXPECT_EQ(pageSizes(pages), (std::vector<std::size_t>{8, 3}));
}

TEST(Paginate, KeepWithNextCarriesTheHeadingOver) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 9);
  slices.push_back(line());              // heading, keep-with-next
  addParagraph(slices, 4, 0, P::kKeep);  // the next paragraph
  const auto pages = paginate(slices, 100);
  EXPECT_EQ(pageSizes(pages), (std::vector<std::size_t>{9, 5}));
}

TEST(Paginate, KeepTogetherMovesTheWholeBlock) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 5);
  slices.push_back(line());  // a 7-line keep-together block
  for (int i = 0; i < 6; ++i) slices.push_back(line(P::kKeep));
  const auto pages = paginate(slices, 100);
  EXPECT_EQ(pageSizes(pages), (std::vector<std::size_t>{5, 7}));
}

TEST(Paginate, KeepLongerThanAPageGivesWayWithoutLosingSlices) {
  std::vector<SliceMetrics> slices;
  slices.push_back(line());
  for (int i = 0; i < 24; ++i) slices.push_back(line(P::kKeep));
  const auto pages = paginate(slices, 100);
  EXPECT_EQ(pageSizes(pages), (std::vector<std::size_t>{10, 10, 5}));
  expectEverySliceOnce(pages, slices.size());
}

TEST(Paginate, ForcedBreakStartsANewPage) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 2);
  addParagraph(slices, 2, 0, P::kForced);
  EXPECT_EQ(pageSizes(paginate(slices, 100)), (std::vector<std::size_t>{2, 2}));
}

TEST(Paginate, GapIsDroppedAtTheTopOfAContinuationPageOnly) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 2, /*gap=*/30);  // leading space on page 1 is kept
  addParagraph(slices, 2, /*gap=*/50, P::kForced);
  const auto pages = paginate(slices, 100);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_DOUBLE_EQ(pages[0][0].top, 30);
  EXPECT_DOUBLE_EQ(pages[1][0].top, 0);
}

TEST(Paginate, GapCountsWhenDecidingWhatFits) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 6);
  addParagraph(slices, 2, /*gap=*/25);  // 60 + 25 + 20 > 100
  EXPECT_EQ(pageSizes(paginate(slices, 100)), (std::vector<std::size_t>{6, 2}));
}

TEST(Paginate, PageBottomBlockSitsAtTheFoot) {
  std::vector<SliceMetrics> slices;
  addParagraph(slices, 3);
  for (int i = 0; i < 2; ++i) slices.push_back({10, 0, i ? P::kKeep : P::kFree, true});
  const auto pages = paginate(slices, 100);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_DOUBLE_EQ(pages[0][2].top, 20);
  EXPECT_DOUBLE_EQ(pages[0][3].top, 80);
  EXPECT_DOUBLE_EQ(pages[0][4].top, 90);
}

}  // namespace
}  // namespace chancery::pdf
