#include "paginate.hpp"

#include <algorithm>

namespace chancery::pdf {
namespace {

constexpr double kTolerance = 0.01;  // pt; absorbs rounding of mm-based sizes

// The best break in (start, overflow]: lowest penalty, latest among equals.
std::size_t chooseBreak(std::span<const SliceMetrics> slices, std::size_t start,
                        std::size_t overflow) {
  std::size_t best = overflow;
  for (std::size_t k = overflow; k > start; --k) {
    if (slices[k].breakBefore < slices[best].breakBefore) best = k;
    if (slices[best].breakBefore == BreakPenalty::kFree) break;
  }
  return best;
}

// Tops for slices [start, end); a trailing page-bottom block is pushed to the foot.
PageContent place(std::span<const SliceMetrics> slices, std::size_t start, std::size_t end,
                  double bodyHeight) {
  PageContent page;
  page.reserve(end - start);
  double y = start == 0 ? slices[0].gapBefore : 0;
  for (std::size_t i = start; i < end; ++i) {
    if (i > start) y += slices[i].gapBefore;
    page.push_back({i, y});
    y += slices[i].height;
  }
  const double shift = std::max(0.0, bodyHeight - y);
  for (auto it = page.rbegin(); it != page.rend() && slices[it->index].anchorBottom; ++it) {
    it->top += shift;
  }
  return page;
}

}  // namespace

std::vector<PageContent> paginate(std::span<const SliceMetrics> slices, double bodyHeight) {
  std::vector<PageContent> pages;
  std::size_t start = 0;
  while (start < slices.size()) {
    double y = start == 0 ? slices[0].gapBefore : 0;
    std::size_t end = start;
    for (; end < slices.size(); ++end) {
      const SliceMetrics& slice = slices[end];
      if (end == start) {
        y += slice.height;
        continue;
      }
      if (slice.breakBefore == BreakPenalty::kForced) break;
      if (y + slice.gapBefore + slice.height > bodyHeight + kTolerance) {
        end = chooseBreak(slices, start, end);
        break;
      }
      y += slice.gapBefore + slice.height;
    }
    pages.push_back(place(slices, start, end, bodyHeight));
    start = end;
  }
  return pages;
}

}  // namespace chancery::pdf
