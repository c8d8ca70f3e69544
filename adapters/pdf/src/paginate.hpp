// Puts the typeset galley on pages. Pure arithmetic on heights: no pango, no cairo, so
// the page-breaking rules can be tested on their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chancery::pdf {

// How bad a page break just before a slice is. Higher is worse; kForced must break.
enum class BreakPenalty : std::uint8_t {
  kFree = 0,    // e.g. between two paragraphs, or inside a paragraph past its orphans
  kAvoid = 1,   // would leave a widow or an orphan
  kKeep = 2,    // inside keep-together, or after keep-with-next
  kForced = 3,  // <page-break/>, or after a page-bottom block
};

// One unbreakable horizontal strip: a line of text, an image, a row, a blank box.
struct SliceMetrics {
  double height = 0;
  // Space between the previous slice and this one. Dropped when the slice starts a page,
  // except on the first page (so leading space can push the first page's text down).
  double gapBefore = 0;
  BreakPenalty breakBefore = BreakPenalty::kFree;  // ignored for the first slice
  // Part of a page-bottom block: placed so that the block ends at the foot of the body.
  bool anchorBottom = false;
};

struct PlacedSlice {
  std::size_t index = 0;  // into the slices given to paginate()
  double top = 0;         // from the top of the body area, in pt
};

using PageContent = std::vector<PlacedSlice>;

// Places every slice once, in order, on pages whose body is `bodyHeight` tall, and
// returns the pages (none for no slices).
//
// Greedy, one page at a time: the page takes slices while they fit; when one does not,
// the page ends at the break with the lowest penalty among the breaks on that page, the
// latest such break if several tie. So widows, orphans and keeps are honoured whenever
// the page offers any better break, and otherwise the least bad rule gives way. A slice
// taller than the body is put alone on a page (callers should refuse that earlier).
std::vector<PageContent> paginate(std::span<const SliceMetrics> slices, double bodyHeight);

}  // namespace chancery::pdf
