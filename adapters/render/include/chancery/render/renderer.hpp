// The renderer: a document's content and registry data in, PDF, XHTML and plain text
// out, through the XSLT templates of templates/ and a page layout (see docs/rendering.md).
//
//   chancery::render::Renderer renderer("/usr/share/chancery/templates");
//   chancery::render::RenderInput input;              // kind, language, content, ...
//   chancery::render::Rendition pdf = renderer.render(input, chancery::render::Format::kPdf);
//   // pdf.bytes, pdf.mediaType == "application/pdf", pdf.pages
//
// Stages (all deterministic: the same input gives byte-identical outputs):
//   1. the envelope <document> is built with libxml2's tree API from the input, the
//      content (parsed with chancery::xml::parseUntrusted) copied under <content>;
//   2. templates/<kind>/<language>.xsl (or <kind>/en.xsl when the language has none)
//      turns it into page-layout XML (docs/page-layout.md);
//   3. Chancery's own writers turn the layout into the output: chancery::pdf::Typesetter
//      the PDF, the HTML writer a complete XHTML 1.0 Strict document, the text writer
//      plain text wrapped at 72 columns (wrapText). The writers are part of Chancery, not
//      of the templates directory: templates decide what the layout holds.
//
// libxslt runs under security preferences: no file writing, no directory creation, no
// network, and reading only below the templates directory; stylesheet loading uses no
// network and refuses a DOCTYPE. libxml2/libxslt messages never reach stderr while the
// renderer works: they end up in the exceptions (or, for xsl:message, in the notes).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/engine/clock.hpp"
#include "chancery/engine/engine.hpp"
#include "chancery/pdf/errors.hpp"
#include "chancery/render/errors.hpp"
#include "chancery/util/time_zone.hpp"

namespace chancery::render {

// What a template sees, gathered from the document and the directory.
struct RenderInput {
  std::string kind;            // note-verbale, letter, ...: picks templates/<kind>/
  std::string language;        // en, fr, az: picks <language>.xsl, and the recipient's names
  std::string classification;  // unclassified | restricted | confidential
  std::string subject;
  std::optional<std::string> number;  // the registry number; absent before registration
  Millis timeMs = 0;                  // the registration time, else the time of the revision (UTC)
  int revision = 0;
  std::string content;  // the content XML, as stored
  // Directory entries the envelope's <recipient> may come from: the one the content's
  // <addressee ref="..."/> names, or the first one when the content names none.
  std::vector<DirectoryEntry> recipients;
};

enum class Format { kPdf, kHtml, kText };

// "pdf", "html", "text".
const char* formatName(Format format);
// The inverse of formatName; nullopt for anything else.
std::optional<Format> parseFormat(std::string_view name);
// "application/pdf", "application/xhtml+xml", "text/plain; charset=utf-8".
const char* mediaTypeOf(Format format);

struct Rendition {
  Format format = Format::kPdf;
  std::string bytes;
  std::string mediaType;
  int pages = 0;  // the PDF's page count; 0 for HTML and text
  // The template that made the layout, relative to the templates directory
  // ("note-verbale/en.xsl").
  std::string templateFile;
  // True when the document's language has no template and the English one was used.
  bool languageFallback = false;
  // Things a person may want to know, none of them an error: the language fallback, an
  // addressee the recipients do not include, xsl:message output of the templates.
  std::vector<std::string> notes;
};

struct RendererOptions {
  // Content larger than this is refused with a ContentError before it is parsed. The
  // engine accepts at most 4 MiB of content. Measured: 4 MB of text in paragraphs of
  // 1,000 characters gives 920 A4 pages in 2.4 s and 220 MB of memory (HTML, text: 0.1 s).
  std::size_t maxContentBytes = 4u << 20;
  // A paragraph (<p>, <cell> or <line> of the layout) with more characters than this is
  // refused with a ContentError, in every format. The typesetter silently drops the text
  // of a paragraph somewhere above 420,000 characters (pango 1.50: one PDF page with
  // nothing on it), so the limit keeps a safe distance; 100,000 characters are about 25
  // pages.
  std::size_t maxParagraphChars = 100'000;
  // The ministry's time zone: the envelope's date (the date printed on the document) is
  // the local date of its registration there; its time attribute stays in UTC.
  TimeZone timeZone = TimeZone::utc();
};

// Threads: every member function may be called from any number of threads at once.
// Compiled stylesheets are cached per template file for the life of the Renderer and
// shared by all threads (so a template changed on disk is seen by a new Renderer only);
// PDF typesetters are pooled, one per concurrently rendering thread.
class Renderer {
 public:
  // `templatesDir` must exist; it is canonicalised, and templates may read only files
  // below it. Throws TemplateError when it does not exist.
  explicit Renderer(const std::filesystem::path& templatesDir, RendererOptions options = {});
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // The canonical templates directory.
  const std::filesystem::path& templatesDir() const;

  // Whether templates/<kind>/<language>.xsl exists (no fallback).
  bool hasTemplate(std::string_view kind, std::string_view language) const;

  // Stage 1 alone: the envelope <document> serialised (UTF-8, with XML declaration).
  // For template authors and tests. Throws ContentError.
  std::string envelope(const RenderInput& input);

  // Stages 1 and 2: the page-layout XML the template makes.
  // Throws ContentError, TemplateError.
  std::string layout(const RenderInput& input);

  // One output. Throws ContentError, TemplateError, pdf::LayoutError (a layout the
  // typesetter refuses; the message names the template), pdf::RenderError.
  Rendition render(const RenderInput& input, Format format);

  // Several outputs of the same input from one layout (stages 1 and 2 run once), in the
  // order asked. Throws as render().
  std::vector<Rendition> render(const RenderInput& input, std::span<const Format> formats);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::render
