#include "draw.hpp"

#include <cairo-pdf.h>

#include <variant>

#include "chancery/pdf/errors.hpp"

namespace chancery::pdf {
namespace {

cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void checkStatus(cairo_status_t status, const char* stage) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw RenderError(std::string("cairo failed while ") + stage + ": " +
                      cairo_status_to_string(status));
  }
}

void drawOp(cairo_t* cr, const DrawOp& op, double left, double top) {
  if (const auto* text = std::get_if<TextLineDraw>(&op)) {
    cairo_move_to(cr, left + text->x, top + text->baseline);
    pango_cairo_show_layout_line(cr, text->line);
    return;
  }
  const auto& image = std::get<ImageDraw>(op);
  cairo_save(cr);
  cairo_translate(cr, left + image.x, top);
  cairo_scale(cr, image.width / cairo_image_surface_get_width(image.surface.get()),
              image.height / cairo_image_surface_get_height(image.surface.get()));
  cairo_set_source_surface(cr, image.surface.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  cairo_restore(cr);
}

}  // namespace

std::string drawPdf(const PageSetup& page, const Galley& galley,
                    const std::vector<PageContent>& pages, const FurnitureGalley& furniture,
                    const PdfOptions& options) {
  std::string bytes;
  bytes.reserve(std::size_t{64} * 1024);
  CairoSurfacePtr surface(
      cairo_pdf_surface_create_for_stream(appendToString, &bytes, page.width, page.height));
  checkStatus(cairo_surface_status(surface.get()), "creating the PDF");

  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                 options.creationDate.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE,
                                 options.creationDate.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Chancery");
  const std::pair<cairo_pdf_metadata_t, const std::string*> optional[] = {
      {CAIRO_PDF_METADATA_TITLE, &options.title},
      {CAIRO_PDF_METADATA_AUTHOR, &options.author},
      {CAIRO_PDF_METADATA_SUBJECT, &options.subject}};
  for (const auto& [key, value] : optional) {
    if (!value->empty()) cairo_pdf_surface_set_metadata(surface.get(), key, value->c_str());
  }

  {
    CairoPtr cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    for (std::size_t p = 0; p < pages.size(); ++p) {
      for (const FurnitureDraw& draw : furniture.pages[p]) {
        cairo_move_to(cr.get(), draw.x, draw.y);
        pango_cairo_show_layout(cr.get(), furniture.layouts[draw.layout].get());
      }
      for (const PlacedSlice& placed : pages[p]) {
        const DrawRange& range = galley.ranges[placed.index];
        for (std::size_t i = range.first; i < range.first + range.count; ++i) {
          drawOp(cr.get(), galley.ops[i], page.marginLeft, page.marginTop + placed.top);
        }
      }
      cairo_show_page(cr.get());
    }
    checkStatus(cairo_status(cr.get()), "drawing");
  }
  cairo_surface_finish(surface.get());
  checkStatus(cairo_surface_status(surface.get()), "writing the PDF");
  return bytes;
}

}  // namespace chancery::pdf
