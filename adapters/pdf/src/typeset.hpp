// Turns the parsed layout into a galley of slices with pango (line breaking,
// justification, metrics), and sets the page furniture once the page count is known.
#pragma once

#include <pango/pangocairo.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "graphics_handles.hpp"
#include "image_store.hpp"
#include "page_layout.hpp"
#include "paginate.hpp"

namespace chancery::pdf {

// One line of text. `line` is borrowed from a layout in Galley::layouts. x is from the
// left margin, baseline from the top of the slice.
struct TextLineDraw {
  PangoLayoutLine* line = nullptr;
  double x = 0;
  double baseline = 0;
};

// A picture scaled into the box (x, 0, width, height) of its slice.
struct ImageDraw {
  SharedSurface surface;
  double x = 0;
  double width = 0;
  double height = 0;
};

using DrawOp = std::variant<TextLineDraw, ImageDraw>;

struct DrawRange {
  std::size_t first = 0;
  std::size_t count = 0;
};

// Everything typeset, before pagination. slices[i] draws ops[ranges[i].first ...].
struct Galley {
  std::vector<SliceMetrics> slices;
  std::vector<DrawRange> ranges;
  std::vector<DrawOp> ops;
  std::vector<PangoLayoutPtr> layouts;  // owners of every TextLineDraw::line
};

// Typesets `flow`. Throws LayoutError for images that cannot be loaded and for boxes
// (image, row, signature) taller than the body. `context` must be set up for 72 dpi,
// unhinted metrics (see Typesetter); it is borrowed for the call.
Galley typesetFlow(PangoContext* context, const PageSetup& page, const std::vector<Block>& flow,
                   ImageStore& images, const std::filesystem::path& resourceDir);

// A whole layout drawn with its top-left corner at (x, y) in page coordinates.
struct FurnitureDraw {
  std::size_t layout = 0;  // into FurnitureGalley::layouts
  double x = 0;
  double y = 0;
};

struct FurnitureGalley {
  std::vector<PangoLayoutPtr> layouts;
  std::vector<std::vector<FurnitureDraw>> pages;  // one entry per page
};

// Lays out the furniture of `pageCount` pages: classification marking at the top and
// bottom of each page, continuation header and "{page}/{pages}" on pages 2..N. Throws
// LayoutError if the furniture does not fit in the margins (checked even for one page).
FurnitureGalley typesetFurniture(PangoContext* context, const PageLayout& layout,
                                 std::size_t pageCount);

}  // namespace chancery::pdf
