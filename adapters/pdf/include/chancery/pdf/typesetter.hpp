// The PDF typesetter: page-layout XML (see docs/page-layout.md) in, A4 PDF bytes out.
//
//   chancery::pdf::Typesetter typesetter;             // once per thread; expensive
//   chancery::pdf::PdfOptions options;
//   options.creationDate = "2026-11-28T09:41:00Z";    // the registration time
//   options.resourceDir = "/usr/share/chancery/letterhead";
//   std::string pdf = typesetter.render(layoutXml, options);
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "chancery/pdf/errors.hpp"

namespace chancery::pdf {

struct PdfOptions {
  // Required. Written as both the PDF creation and modification date, so that the same
  // input always yields byte-identical output. Use the registration time of the
  // document, formatted "YYYY-MM-DDThh:mm:ssZ" (UTC) or with an offset "+hh:mm".
  std::string creationDate;
  // Optional document information (UTF-8). Empty strings are left out of the PDF.
  std::string title;
  std::string author;
  std::string subject;
  // Directory that <image src="..."> is resolved against. `src` must be a relative path
  // that stays inside this directory (no "..", no absolute paths, no symlink leading
  // out). Empty means the layout may not contain images.
  std::filesystem::path resourceDir;
};

struct RenderedPdf {
  std::string bytes;  // the complete PDF file
  int pageCount = 0;
};

// Owns the font map, the pango context and a cache of decoded images, all reused
// across renders; creating one costs tens of milliseconds (font loading), a render of a
// one-page note a few milliseconds.
//
// Threads: a Typesetter is not thread-safe. Use one per thread (or guard it with a
// mutex); distinct Typesetters may render concurrently. Their line-breaking stage (pango
// layout) takes one process-wide lock, because concurrent layouts in pango 1.50 were
// seen to justify some lines differently (0.7pt) and output must be byte-identical;
// parsing, drawing and PDF writing (about 40% of the time) run in parallel.
class Typesetter {
 public:
  // Loads nothing yet: fonts are loaded by the first render. A moved-from Typesetter may
  // only be destroyed or assigned to.
  Typesetter();
  ~Typesetter();
  Typesetter(Typesetter&&) noexcept;
  Typesetter& operator=(Typesetter&&) noexcept;
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  // Typesets `layoutXml` (at most 16 MiB, UTF-8 or as declared) into an A4 PDF.
  // Throws LayoutError for a bad layout or a missing/forbidden image, RenderError for
  // cairo/pango failures, std::invalid_argument for bad `options`.
  // Deterministic: equal (layoutXml, options, image files) give byte-identical bytes.
  RenderedPdf renderDocument(std::string_view layoutXml, const PdfOptions& options);

  // renderDocument(...).bytes
  std::string render(std::string_view layoutXml, const PdfOptions& options);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::pdf
