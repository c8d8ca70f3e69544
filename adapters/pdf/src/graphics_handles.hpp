// Owning handles for the C objects of glib/pango/cairo: std::unique_ptr with the
// library's release function, so nothing is ever released by hand.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace chancery::pdf {

template <auto Release>
struct ReleaseWith {
  template <typename T>
  void operator()(T* object) const {
    Release(object);
  }
};

using GObjectReleaser = ReleaseWith<g_object_unref>;
using CairoPtr = std::unique_ptr<cairo_t, ReleaseWith<cairo_destroy>>;
using CairoSurfacePtr = std::unique_ptr<cairo_surface_t, ReleaseWith<cairo_surface_destroy>>;
using CairoFontOptionsPtr =
    std::unique_ptr<cairo_font_options_t, ReleaseWith<cairo_font_options_destroy>>;
using PangoFontMapPtr = std::unique_ptr<PangoFontMap, GObjectReleaser>;
using PangoContextPtr = std::unique_ptr<PangoContext, GObjectReleaser>;
using PangoLayoutPtr = std::unique_ptr<PangoLayout, GObjectReleaser>;
using PangoFontDescriptionPtr =
    std::unique_ptr<PangoFontDescription, ReleaseWith<pango_font_description_free>>;
using PangoAttrListPtr = std::unique_ptr<PangoAttrList, ReleaseWith<pango_attr_list_unref>>;
using PangoLayoutIterPtr = std::unique_ptr<PangoLayoutIter, ReleaseWith<pango_layout_iter_free>>;

// A decoded image shared between the image cache and the galleys that draw it.
using SharedSurface = std::shared_ptr<cairo_surface_t>;

inline SharedSurface shareSurface(cairo_surface_t* surface) {
  return SharedSurface(surface, cairo_surface_destroy);
}

}  // namespace chancery::pdf
