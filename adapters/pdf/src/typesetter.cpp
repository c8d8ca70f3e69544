#include "chancery/pdf/typesetter.hpp"

#include <libxml/parser.h>

#include <cctype>
#include <mutex>
#include <stdexcept>

#include "draw.hpp"
#include "graphics_handles.hpp"
#include "image_store.hpp"
#include "layout_parser.hpp"
#include "paginate.hpp"
#include "typeset.hpp"

namespace chancery::pdf {
namespace {

// "YYYY-MM-DDThh:mm:ss" followed by "Z" or "+hh:mm"/"-hh:mm": the form cairo converts
// into a PDF date.
bool isIsoTimestamp(const std::string& text) {
  auto digits = [&](std::size_t at, std::size_t count, int max) {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (i >= text.size() || std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
        return false;
      }
      value = value * 10 + (text[i] - '0');
    }
    return value <= max;
  };
  auto at = [&](std::size_t i, char c) { return i < text.size() && text[i] == c; };
  const bool dateTime = digits(0, 4, 9999) && at(4, '-') && digits(5, 2, 12) && at(7, '-') &&
                        digits(8, 2, 31) && at(10, 'T') && digits(11, 2, 23) && at(13, ':') &&
                        digits(14, 2, 59) && at(16, ':') && digits(17, 2, 60) &&
                        text.compare(5, 2, "00") != 0 && text.compare(8, 2, "00") != 0;
  if (!dateTime) return false;
  if (text.size() == 20) return at(19, 'Z');
  return text.size() == 25 && (at(19, '+') || at(19, '-')) && digits(20, 2, 23) && at(22, ':') &&
         digits(23, 2, 59);
}

// Serialises pango layout across all Typesetters of the process. With pango 1.50.12,
// four Typesetters laying out the same text at once produced lines justified 678/1024 pt
// differently in about half the runs (the natural width measured at line-breaking time
// sometimes lacked a kerning pair), while one thread at a time was stable across runs
// and processes. Drawing with cairo was not affected, so only layout is serialised.
std::mutex& layoutMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

class Typesetter::Impl {
 public:
  Impl() {
    xmlInitParser();
    fontMap_.reset(pango_cairo_font_map_new());
    context_.reset(pango_font_map_create_context(fontMap_.get()));
    if (!fontMap_ || !context_) throw RenderError("pango: cannot create a font map");
    // PDF user space is 72 units per inch; pango-cairo would otherwise assume 96 dpi.
    pango_cairo_context_set_resolution(context_.get(), 72);
    // Positions in a PDF are exact: no hinting, no rounding of metrics or glyph
    // positions to device pixels, which would distort justified lines.
    CairoFontOptionsPtr fontOptions(cairo_font_options_create());
    cairo_font_options_set_hint_metrics(fontOptions.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fontOptions.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fontOptions.get(), CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context_.get(), fontOptions.get());
    pango_context_set_round_glyph_positions(context_.get(), FALSE);
  }

  RenderedPdf render(std::string_view layoutXml, const PdfOptions& options) {
    if (!isIsoTimestamp(options.creationDate)) {
      throw std::invalid_argument(
          "PdfOptions::creationDate must be an ISO 8601 time such as "
          "\"2026-11-28T09:41:00Z\", not \"" +
          options.creationDate + "\"");
    }
    const PageLayout layout = parsePageLayout(layoutXml);
    std::unique_lock<std::mutex> lineBreaking(layoutMutex());
    const Galley galley =
        typesetFlow(context_.get(), layout.page, layout.flow, images_, options.resourceDir);
    std::vector<PageContent> pages = paginate(galley.slices, layout.page.bodyHeight());
    if (pages.empty()) pages.emplace_back();  // an empty flow still makes one page
    const FurnitureGalley furniture = typesetFurniture(context_.get(), layout, pages.size());
    lineBreaking.unlock();
    RenderedPdf result;
    result.bytes = drawPdf(layout.page, galley, pages, furniture, options);
    result.pageCount = static_cast<int>(pages.size());
    return result;
  }

 private:
  PangoFontMapPtr fontMap_;
  PangoContextPtr context_;
  ImageStore images_;
};

Typesetter::Typesetter() : impl_(std::make_unique<Impl>()) {}
Typesetter::~Typesetter() = default;
Typesetter::Typesetter(Typesetter&&) noexcept = default;
Typesetter& Typesetter::operator=(Typesetter&&) noexcept = default;

RenderedPdf Typesetter::renderDocument(std::string_view layoutXml, const PdfOptions& options) {
  return impl_->render(layoutXml, options);
}

std::string Typesetter::render(std::string_view layoutXml, const PdfOptions& options) {
  return impl_->render(layoutXml, options).bytes;
}

}  // namespace chancery::pdf
