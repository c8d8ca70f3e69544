// libxml2 and libxslt under the renderer's rules: security preferences, a stylesheet
// loader without network or DTDs, and error capture instead of stderr.
//
// Process-wide set-up (done once by initialiseXslt, idempotent and thread-safe):
//   - the default security preferences (used by libxslt while it compiles xsl:import and
//     xsl:include) and the ones set on every transform context: writing files, creating
//     directories and all network access are refused; reading files is allowed only below
//     the templates directory of the XsltScope active on the calling thread (and refused
//     when none is);
//   - libxslt's document loader: local files only, XML_PARSE_NONET, no DTD loading, no
//     entity substitution, and a document with a DOCTYPE is refused;
//   - libxslt's generic error function, which reports into the calling thread's scope
//     (and, when no scope is active, to whatever handler was there before);
//   - the EXSLT modules common, math, sets, strings, functions and dynamic (not dates:
//     date:date-time() would read the clock and break determinism).
#pragma once

#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::render::detail {

void initialiseXslt();

// What libxml2/libxslt said on this thread while a scope was active.
struct ErrorSink {
  std::string messages;               // everything, in order, one message per line
  std::vector<std::string> refusals;  // what the security preferences refused

  void add(std::string_view message);
  void refuse(std::string what);
  // The messages (at most a few kB of them) for an exception; "" when none.
  std::string summary() const;
};

// While alive, libxml2 (this thread's generic and structured error handlers) and libxslt
// report into `sink`, and libxslt may read files only below `root` (canonical). Scopes
// nest; each restores what was there before. Not movable; lives on one thread.
class XsltScope {
 public:
  XsltScope(const std::filesystem::path& root, ErrorSink& sink);
  ~XsltScope();
  XsltScope(const XsltScope&) = delete;
  XsltScope& operator=(const XsltScope&) = delete;

  ErrorSink& sink() const { return sink_; }
  const std::filesystem::path& root() const { return root_; }

 private:
  const std::filesystem::path& root_;
  ErrorSink& sink_;
  XsltScope* previous_;
  void* savedGenericContext_;
  xmlGenericErrorFunc savedGeneric_;
  void* savedStructuredContext_;
  xmlStructuredErrorFunc savedStructured_;
};

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

struct StylesheetFree {
  void operator()(xsltStylesheet* style) const;
};
using StylesheetPtr = std::unique_ptr<xsltStylesheet, StylesheetFree>;

// Whether `path` (absolute or relative to the working directory) lies below `root`
// once symbolic links and ".." are resolved.
bool isBelow(const std::filesystem::path& root, const std::filesystem::path& path);

// Compiles `file` (below the scope's root; `name` is how errors call it, e.g.
// "note-verbale/en.xsl"). Needs an active XsltScope. Throws TemplateError with libxslt's
// messages; warnings are appended to `warnings`.
StylesheetPtr compileStylesheet(const std::filesystem::path& file, const std::string& name,
                                std::vector<std::string>& warnings);

// The documents a stylesheet reads with document() (settings.xml), kept parsed after its
// first successful transform (a copy without any string dictionary) and lent to later
// transforms of the same stylesheet, the way the compiled stylesheet itself is kept: a
// change to them needs a new Renderer. libxslt reads a lent document without changing
// it (white space was stripped when it was first loaded, and the document order is
// numbered when it is kept), so transforms on several threads may share it. At most kMaxDocuments are kept; further ones are read per
// transform as before.
class DocumentCache {
 public:
  static constexpr std::size_t kMaxDocuments = 8;

  DocumentCache() = default;
  ~DocumentCache();
  DocumentCache(const DocumentCache&) = delete;
  DocumentCache& operator=(const DocumentCache&) = delete;

  // Lends the kept documents to `context` (before the transform starts).
  void lendTo(xsltTransformContextPtr context) const;
  // After a successful transform: keeps what `context` loaded and has not been kept yet,
  // and takes back what was lent (so freeing the context frees neither).
  void keepFrom(xsltTransformContextPtr context);

 private:
  mutable std::mutex mutex_;
  std::vector<xmlDoc*> documents_;
};

// Applies `style` to `input` under the security preferences. Needs an active XsltScope.
// Throws TemplateError (naming `name`) when the transform fails, when something was
// refused, or when the result uses disable-output-escaping; xsl:message output of a
// successful transform is appended to `notes`. With a `cache`, the documents the
// stylesheet reads come from it (and are kept in it).
DocPtr applyStylesheet(xsltStylesheet* style, xmlDoc* input, const std::string& name,
                       std::vector<std::string>& notes, DocumentCache* cache = nullptr);

// The result serialised as `style`'s xsl:output says. Throws TemplateError when the
// bytes are not UTF-8.
std::string serialiseResult(xmlDoc* result, xsltStylesheet* style, const std::string& name);

// Checks that a transform's result is one page-layout-like document: exactly one root
// element, no text beside it, no DOCTYPE. Throws TemplateError naming `name`.
void checkSingleRoot(xmlDoc* result, const std::string& name);

}  // namespace chancery::render::detail
