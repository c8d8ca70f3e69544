#include "typeset.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "chancery/pdf/errors.hpp"

namespace chancery::pdf {
namespace {

double fromPango(int units) { return pango_units_to_double(units); }
int toPango(double points) { return pango_units_from_double(points); }

PangoAlignment pangoAlignment(Align align) {
  switch (align) {
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
    case Align::kLeft:
    case Align::kJustify:
      break;
  }
  return PANGO_ALIGN_LEFT;
}

std::string formatMm(double points) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fmm", points * 25.4 / 72);
  return buffer;
}

// A pango layout of `segment` (plain text, styled through attributes only, so nothing
// in it is ever read as markup), `width` wide, first line indented by `indent`.
PangoLayoutPtr makeLayout(PangoContext* context, const TextSegment& segment, const TextStyle& style,
                          double width, double indent) {
  PangoLayoutPtr layout(pango_layout_new(context));
  PangoFontDescriptionPtr font(pango_font_description_new());
  pango_font_description_set_family(font.get(), style.fontFamily.c_str());
  pango_font_description_set_size(font.get(), toPango(style.fontSize));
  pango_font_description_set_weight(font.get(),
                                    style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(font.get(),
                                   style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), toPango(width));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_indent(layout.get(), toPango(indent));
  pango_layout_set_alignment(layout.get(), pangoAlignment(style.align));
  pango_layout_set_justify(layout.get(), style.align == Align::kJustify);
  pango_layout_set_text(layout.get(), segment.text.data(), static_cast<int>(segment.text.size()));

  PangoAttrListPtr attributes(pango_attr_list_new());
  PangoAttribute* language =
      pango_attr_language_new(pango_language_from_string(style.lang.c_str()));
  pango_attr_list_insert(attributes.get(), language);  // whole text by default
  for (const StyleSpan& span : segment.spans) {
    auto add = [&](PangoAttribute* attribute) {
      attribute->start_index = static_cast<guint>(span.begin);
      attribute->end_index = static_cast<guint>(span.end);
      pango_attr_list_insert(attributes.get(), attribute);  // takes ownership
    };
    if (span.style.bold) add(pango_attr_weight_new(PANGO_WEIGHT_BOLD));
    if (span.style.italic) add(pango_attr_style_new(PANGO_STYLE_ITALIC));
    if (span.style.underline) add(pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
  }
  pango_layout_set_attributes(layout.get(), attributes.get());
  return layout;
}

// A line of a layout with its vertical metrics. With line-height f, a line of natural
// height h takes f*h, the extra (or missing) space split evenly above and below.
struct MeasuredLine {
  PangoLayoutLine* line;
  double x;         // from the layout's left edge (alignment and indent applied)
  double pitch;     // height the line occupies
  double baseline;  // from the top of its pitch
};

std::vector<MeasuredLine> measureLines(PangoLayout* layout, double lineHeight) {
  std::vector<MeasuredLine> lines;
  PangoLayoutIterPtr iter(pango_layout_get_iter(layout));
  do {
    int top = 0;
    int bottom = 0;
    pango_layout_iter_get_line_yrange(iter.get(), &top, &bottom);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
    const double natural = fromPango(bottom - top);
    const double pitch = natural * lineHeight;
    lines.push_back(
        {pango_layout_iter_get_line_readonly(iter.get()), fromPango(logical.x), pitch,
         (pitch - natural) / 2 + fromPango(pango_layout_iter_get_baseline(iter.get()) - top)});
  } while (pango_layout_iter_next_line(iter.get()));
  return lines;
}

class FlowTypesetter {
 public:
  FlowTypesetter(PangoContext* context, const PageSetup& page, ImageStore& images,
                 const std::filesystem::path& resourceDir)
      : context_(context), page_(page), images_(images), resourceDir_(resourceDir) {}

  Galley run(const std::vector<Block>& flow) {
    for (const Block& block : flow) typesetBlock(block, /*anchorBottom=*/false);
    return std::move(galley_);
  }

 private:
  void typesetBlock(const Block& block, bool anchorBottom) {
    const BlockCommon& common = block.common;
    pendingMargin_ = std::max(pendingMargin_, common.spaceBefore);
    if (common.keepTogether) keepStarts_.push_back(galley_.slices.size());

    std::visit(
        [&](const auto& content) {
          using T = std::decay_t<decltype(content)>;
          if constexpr (std::is_same_v<T, Paragraph>)
            typesetParagraph(content, anchorBottom);
          else if constexpr (std::is_same_v<T, Space>)
            pendingExplicit_ += content.height;
          else if constexpr (std::is_same_v<T, PageBreak>)
            forceBreak();
          else if constexpr (std::is_same_v<T, Image>)
            typesetImage(content, common, anchorBottom);
          else if constexpr (std::is_same_v<T, BlankBox>)
            typesetBlankBox(content, common, anchorBottom);
          else if constexpr (std::is_same_v<T, Row>)
            typesetRow(content, common, anchorBottom);
          else if constexpr (std::is_same_v<T, Group>)
            typesetGroup(content);
        },
        block.content);

    if (common.keepTogether) keepStarts_.pop_back();
    pendingMargin_ = std::max(pendingMargin_, common.spaceAfter);
    if (common.keepWithNext) pendingPenalty_ = std::max(pendingPenalty_, BreakPenalty::kKeep);
  }

  void typesetGroup(const Group& group) {
    const bool anchor = group.anchorBottom;
    for (const Block& child : group.children) typesetBlock(child, anchor);
    if (anchor) forceBreak();
  }

  void forceBreak() {
    pendingPenalty_ = BreakPenalty::kForced;
    pendingMargin_ = 0;
    pendingExplicit_ = 0;
  }

  void typesetParagraph(const Paragraph& paragraph, bool anchorBottom) {
    const TextStyle& style = paragraph.style;
    const double width = page_.textWidth() - style.leftIndent - style.rightIndent;
    std::vector<std::pair<MeasuredLine, PangoLayout*>> lines;
    for (std::size_t i = 0; i < paragraph.segments.size(); ++i) {
      PangoLayoutPtr layout = makeLayout(context_, paragraph.segments[i], style, width,
                                         i == 0 ? paragraph.firstIndent : 0);
      for (const MeasuredLine& line : measureLines(layout.get(), style.lineHeight)) {
        lines.emplace_back(line, layout.get());
      }
      galley_.layouts.push_back(std::move(layout));
    }
    const std::size_t count = lines.size();
    for (std::size_t i = 0; i < count; ++i) {
      // A break before line i leaves i lines above it and count - i below.
      BreakPenalty inside = BreakPenalty::kFree;
      if (i > 0 && (i < static_cast<std::size_t>(paragraph.orphans) ||
                    count - i < static_cast<std::size_t>(paragraph.widows))) {
        inside = BreakPenalty::kAvoid;
      }
      const MeasuredLine& line = lines[i].first;
      beginSlice(line.pitch, i == 0 ? BreakPenalty::kFree : inside, anchorBottom);
      addOp(TextLineDraw{line.line, style.leftIndent + line.x, line.baseline});
    }
  }

  void typesetImage(const Image& image, const BlockCommon& common, bool anchorBottom) {
    SharedSurface surface = images_.load(resourceDir_, image.src, common.line);
    const double pixelsWide = cairo_image_surface_get_width(surface.get());
    const double pixelsHigh = cairo_image_surface_get_height(surface.get());
    double width = image.width.value_or(0);
    double height = image.height.value_or(0);
    if (!image.width) width = height * pixelsWide / pixelsHigh;
    if (!image.height) height = width * pixelsHigh / pixelsWide;
    const double measure = page_.textWidth() - image.leftIndent - image.rightIndent;
    if (width > measure + 0.01) {
      throw LayoutError(common.line, 0,
                        "<image src=\"" + image.src + "\">: at height " + formatMm(height) +
                            " the picture is " + formatMm(width) + " wide, more than the " +
                            formatMm(measure) + " available; give a smaller height");
    }
    checkFitsBody(height, common.line, "<image src=\"" + image.src + "\">");
    beginSlice(height, BreakPenalty::kFree, anchorBottom);
    addOp(ImageDraw{std::move(surface),
                    boxX(image.align, image.leftIndent, image.rightIndent, width), width, height});
  }

  void typesetBlankBox(const BlankBox& box, const BlockCommon& common, bool anchorBottom) {
    checkFitsBody(box.height, common.line, "<seal-space>");
    beginSlice(box.height, BreakPenalty::kFree, anchorBottom);
    if (box.label.empty() || box.width <= 0) return;
    TextStyle style = box.labelStyle;
    style.align = Align::kCenter;
    PangoLayoutPtr layout = makeLayout(context_, TextSegment{box.label, {}}, style, box.width, 0);
    const double x = boxX(box.align, box.leftIndent, box.rightIndent, box.width);
    const std::vector<MeasuredLine> lines = measureLines(layout.get(), 1);
    double total = 0;
    for (const MeasuredLine& line : lines) total += line.pitch;
    double y = std::max(0.0, (box.height - total) / 2);
    for (const MeasuredLine& line : lines) {
      addOp(TextLineDraw{line.line, x + line.x, y + line.baseline});
      y += line.pitch;
    }
    galley_.layouts.push_back(std::move(layout));
  }

  void typesetRow(const Row& row, const BlockCommon& common, bool anchorBottom) {
    std::vector<TextLineDraw> draws;
    double height = 0;
    for (const Cell& cell : row.cells) {
      double y = 0;
      for (const TextSegment& segment : cell.segments) {
        PangoLayoutPtr layout = makeLayout(context_, segment, cell.style, cell.width, 0);
        for (const MeasuredLine& line : measureLines(layout.get(), cell.style.lineHeight)) {
          draws.push_back({line.line, cell.x + line.x, y + line.baseline});
          y += line.pitch;
        }
        galley_.layouts.push_back(std::move(layout));
      }
      height = std::max(height, y);
    }
    checkFitsBody(height, common.line, "<row>");
    beginSlice(height, BreakPenalty::kFree, anchorBottom);
    for (const TextLineDraw& draw : draws) addOp(draw);
  }

  double boxX(Align align, double leftIndent, double rightIndent, double width) const {
    const double measure = page_.textWidth() - leftIndent - rightIndent;
    switch (align) {
      case Align::kCenter:
        return leftIndent + (measure - width) / 2;
      case Align::kRight:
        return leftIndent + measure - width;
      case Align::kLeft:
      case Align::kJustify:
        break;
    }
    return leftIndent;
  }

  void checkFitsBody(double height, int line, const std::string& what) const {
    if (height > page_.bodyHeight() + 0.01) {
      throw LayoutError(line, 0,
                        what + " is " + formatMm(height) + " tall, more than the " +
                            formatMm(page_.bodyHeight()) + " between the margins");
    }
  }

  // Starts a slice; the gap and break penalty come from what was pending since the
  // previous slice, `inside` from the block's own rules (widows/orphans).
  void beginSlice(double height, BreakPenalty inside, bool anchorBottom) {
    const std::size_t index = galley_.slices.size();
    BreakPenalty penalty = std::max(pendingPenalty_, inside);
    if (!keepStarts_.empty() && keepStarts_.front() < index) {
      penalty = std::max(penalty, BreakPenalty::kKeep);
    }
    galley_.slices.push_back(
        SliceMetrics{height, pendingMargin_ + pendingExplicit_, penalty, anchorBottom});
    galley_.ranges.push_back(DrawRange{galley_.ops.size(), 0});
    pendingMargin_ = 0;
    pendingExplicit_ = 0;
    pendingPenalty_ = BreakPenalty::kFree;
  }

  void addOp(DrawOp op) {
    galley_.ops.push_back(std::move(op));
    ++galley_.ranges.back().count;
  }

  PangoContext* context_;
  const PageSetup& page_;
  ImageStore& images_;
  const std::filesystem::path& resourceDir_;
  Galley galley_;
  double pendingMargin_ = 0;    // collapsed space-after/space-before (the larger wins)
  double pendingExplicit_ = 0;  // sum of <space> heights
  BreakPenalty pendingPenalty_ = BreakPenalty::kFree;
  std::vector<std::size_t> keepStarts_;  // first slice index of each open keep-together
};

std::string expandPageNumber(const std::string& format, std::size_t page, std::size_t pages) {
  std::string text;
  for (std::size_t i = 0; i < format.size();) {
    std::string_view rest = std::string_view(format).substr(i);
    if (rest.starts_with("{pages}")) {
      text += std::to_string(pages);
      i += 7;
    } else if (rest.starts_with("{page}")) {
      text += std::to_string(page);
      i += 6;
    } else {
      text += format[i++];
    }
  }
  return text;
}

}  // namespace

Galley typesetFlow(PangoContext* context, const PageSetup& page, const std::vector<Block>& flow,
                   ImageStore& images, const std::filesystem::path& resourceDir) {
  return FlowTypesetter(context, page, images, resourceDir).run(flow);
}

FurnitureGalley typesetFurniture(PangoContext* context, const PageLayout& layout,
                                 std::size_t pageCount) {
  const Furniture& furniture = layout.furniture;
  const PageSetup& page = layout.page;
  FurnitureGalley galley;
  galley.pages.resize(pageCount);

  TextStyle style;
  style.fontFamily = furniture.fontFamily;
  style.fontSize = furniture.fontSize;
  style.lang = page.style.lang;
  auto addLayout = [&](const std::string& text, const TextStyle& textStyle) {
    galley.layouts.push_back(
        makeLayout(context, TextSegment{text, {}}, textStyle, page.textWidth(), 0));
    int width = 0;
    int height = 0;
    pango_layout_get_size(galley.layouts.back().get(), &width, &height);
    return std::pair{galley.layouts.size() - 1, fromPango(height)};
  };

  double continuationTop = furniture.edgeDistance;
  if (!furniture.classification.empty()) {
    TextStyle marking = style;
    marking.fontSize = furniture.classificationSize;
    marking.bold = true;
    marking.align = Align::kCenter;
    auto [index, height] = addLayout(furniture.classification, marking);
    const double bottomTop = page.height - furniture.edgeDistance - height;
    if (furniture.edgeDistance + height > page.marginTop ||
        bottomTop < page.height - page.marginBottom) {
      throw LayoutError(furniture.line, 0,
                        "<classification>: the marking needs " +
                            formatMm(furniture.edgeDistance + height) +
                            " of top and bottom margin; raise margin-top/margin-bottom or "
                            "lower edge-distance");
    }
    for (auto& draws : galley.pages) {
      draws.push_back({index, page.marginLeft, furniture.edgeDistance});
      draws.push_back({index, page.marginLeft, bottomTop});
    }
    continuationTop += height + furniture.fontSize * 0.5;
  }

  double continuationBottom = continuationTop;
  if (!furniture.continuationHeader.empty()) {
    TextStyle header = style;
    header.align = Align::kLeft;
    auto [index, height] = addLayout(furniture.continuationHeader, header);
    continuationBottom = std::max(continuationBottom, continuationTop + height);
    for (std::size_t p = 1; p < pageCount; ++p) {
      galley.pages[p].push_back({index, page.marginLeft, continuationTop});
    }
  }
  if (furniture.pageNumbers) {
    TextStyle number = style;
    number.align = furniture.pageNumberAlign == PageNumberAlign::kLeft    ? Align::kLeft
                   : furniture.pageNumberAlign == PageNumberAlign::kRight ? Align::kRight
                                                                          : Align::kCenter;
    // Measured even for a one-page document, so that a layout which would fail on two
    // pages fails on one too.
    const std::size_t pages = std::max<std::size_t>(pageCount, 2);
    for (std::size_t p = 1; p < pages; ++p) {
      auto [index, height] =
          addLayout(expandPageNumber(furniture.pageNumberFormat, p + 1, pageCount), number);
      continuationBottom = std::max(continuationBottom, continuationTop + height);
      if (p < pageCount) galley.pages[p].push_back({index, page.marginLeft, continuationTop});
    }
  }
  if (continuationBottom > page.marginTop + 0.01) {
    throw LayoutError(furniture.line, 0,
                      "<furniture>: the continuation header and page number need " +
                          formatMm(continuationBottom) + " of top margin, but margin-top is " +
                          formatMm(page.marginTop) + "; raise margin-top");
  }
  return galley;
}

}  // namespace chancery::pdf
