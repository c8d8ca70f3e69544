#include "chancery/render/renderer.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "chancery/pdf/typesetter.hpp"
#include "envelope.hpp"
#include "layout_html.hpp"
#include "layout_text.hpp"
#include "xslt_runtime.hpp"

namespace chancery::render {

const char* formatName(Format format) {
  switch (format) {
    case Format::kPdf:
      return "pdf";
    case Format::kHtml:
      return "html";
    case Format::kText:
      return "text";
  }
  return "?";
}

std::optional<Format> parseFormat(std::string_view name) {
  if (name == "pdf") return Format::kPdf;
  if (name == "html") return Format::kHtml;
  if (name == "text") return Format::kText;
  return std::nullopt;
}

const char* mediaTypeOf(Format format) {
  switch (format) {
    case Format::kPdf:
      return "application/pdf";
    case Format::kHtml:
      return "application/xhtml+xml";
    case Format::kText:
      return "text/plain; charset=utf-8";
  }
  return "application/octet-stream";
}

namespace {

std::string templateName(const std::string& kind, const std::string& language) {
  return kind + "/" + language + ".xsl";
}

// Stages 1 and 2, and what stage 3 needs of them.
struct Prepared {
  std::string layoutXml;
  std::string templateFile;
  bool fallback = false;
  std::vector<std::string> notes;
};

void appendAll(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Throws ContentError when a paragraph of the layout is longer than `limit` characters.
void checkParagraphLengths(xmlDoc* layout, std::size_t limit) {
  xmlNode* root = xmlDocGetRootElement(layout);
  xmlNode* node = root;
  while (node != nullptr) {
    bool paragraph = false;
    if (node->type == XML_ELEMENT_NODE) {
      std::string_view name = reinterpret_cast<const char*>(node->name);
      paragraph = name == "p" || name == "cell" || name == "line";
      if (paragraph) {
        xmlChar* text = xmlNodeGetContent(node);
        std::size_t chars = 0;
        for (const xmlChar* c = text; c != nullptr && *c != 0; ++c) chars += (*c & 0xC0) != 0x80;
        xmlFree(text);
        if (chars > limit) {
          throw ContentError("a paragraph of the document has " + std::to_string(chars) +
                             " characters; the typesetter takes at most " + std::to_string(limit) +
                             " in one paragraph: split it");
        }
      }
    }
    if (!paragraph && node->children != nullptr && node->type == XML_ELEMENT_NODE) {
      node = node->children;
      continue;
    }
    while (node != nullptr && node != root && node->next == nullptr) node = node->parent;
    node = (node == nullptr || node == root) ? nullptr : node->next;
  }
}

std::filesystem::path canonicalTemplatesDir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::canonical(dir, ec);
  if (ec || !std::filesystem::is_directory(canonical, ec)) {
    throw TemplateError(
        "", "the templates directory " + dir.string() + " does not exist or is not a directory");
  }
  return canonical;
}

}  // namespace

class Renderer::Impl {
 public:
  struct Compiled {
    detail::StylesheetPtr style;
    std::string name;  // relative to the templates directory
    std::vector<std::string> warnings;
    mutable detail::DocumentCache documents;  // what it reads with document()
  };
  struct Choice {
    std::shared_ptr<const Compiled> compiled;
    bool fallback = false;
  };

  // A Typesetter borrowed from the pool for one render.
  class TypesetterLease {
   public:
    explicit TypesetterLease(Impl& impl) : impl_(impl) {
      std::lock_guard lock(impl_.poolMutex_);
      if (!impl_.idle_.empty()) {
        typesetter_ = std::move(impl_.idle_.back());
        impl_.idle_.pop_back();
      }
    }
    ~TypesetterLease() {
      if (!typesetter_) return;
      std::lock_guard lock(impl_.poolMutex_);
      impl_.idle_.push_back(std::move(typesetter_));
    }
    TypesetterLease(const TypesetterLease&) = delete;
    TypesetterLease& operator=(const TypesetterLease&) = delete;
    pdf::Typesetter& get() {
      if (!typesetter_) typesetter_ = std::make_unique<pdf::Typesetter>();
      return *typesetter_;
    }

   private:
    Impl& impl_;
    std::unique_ptr<pdf::Typesetter> typesetter_;
  };

  Impl(const std::filesystem::path& dir, RendererOptions options)
      : root_(canonicalTemplatesDir(dir)), options_(options) {
    detail::initialiseXslt();
  }

  const std::filesystem::path& root() const { return root_; }
  const RendererOptions& options() const { return options_; }

  bool exists(const std::string& name) const {
    std::error_code ec;
    return std::filesystem::is_regular_file(root_ / name, ec);
  }

  // The template of `kind` in `language`, or in English when there is none.
  Choice choose(const std::string& kind, const std::string& language) {
    std::lock_guard lock(cacheMutex_);
    auto key = std::make_pair(kind, language);
    if (auto it = choices_.find(key); it != choices_.end()) return it->second;
    std::string wanted = templateName(kind, language);
    Choice choice;
    if (exists(wanted)) {
      choice.compiled = compiledLocked(wanted);
    } else if (language != "en" && exists(templateName(kind, "en"))) {
      choice.compiled = compiledLocked(templateName(kind, "en"));
      choice.fallback = true;
    } else {
      std::string missing = language == "en"
                                ? (root_ / wanted).string() + " does not exist"
                                : "neither " + (root_ / wanted).string() + " nor " +
                                      (root_ / templateName(kind, "en")).string() + " exists";
      throw TemplateError(wanted, "there is no template for " + kind + " documents in " + language +
                                      ": " + missing);
    }
    choices_.emplace(key, choice);
    return choice;
  }

  std::unique_ptr<TypesetterLease> leaseTypesetter() {
    return std::make_unique<TypesetterLease>(*this);
  }

  // Stages 1 and 2 (needs an active XsltScope): the envelope and the kind's template.
  // `layoutDoc` receives the page layout as the template made it, for the HTML and text
  // writers; prepared.layoutXml is filled only when `serialise` is set (the typesetter
  // and Renderer::layout read the layout as bytes). Throws ContentError, TemplateError.
  Prepared prepare(const RenderInput& input, detail::DocPtr& layoutDoc, bool serialise) {
    Prepared prepared;
    detail::Envelope envelope = detail::buildEnvelope(input, options_);
    Choice choice = choose(input.kind, input.language);
    const Compiled& compiled = *choice.compiled;
    prepared.templateFile = compiled.name;
    prepared.fallback = choice.fallback;
    if (choice.fallback) {
      prepared.notes.push_back("there is no " + input.language + " template for " + input.kind +
                               " (" + templateName(input.kind, input.language) +
                               "): the English template " + compiled.name + " was used");
    }
    appendAll(prepared.notes, envelope.notes);
    appendAll(prepared.notes, compiled.warnings);
    layoutDoc = detail::applyStylesheet(compiled.style.get(), envelope.doc.get(), compiled.name,
                                        prepared.notes, &compiled.documents);
    detail::checkSingleRoot(layoutDoc.get(), compiled.name);
    checkParagraphLengths(layoutDoc.get(), options_.maxParagraphChars);
    if (serialise) {
      prepared.layoutXml =
          detail::serialiseResult(layoutDoc.get(), compiled.style.get(), compiled.name);
    }
    return prepared;
  }

 private:
  std::shared_ptr<const Compiled> compiledLocked(const std::string& name) {
    if (auto it = compiled_.find(name); it != compiled_.end()) return it->second;
    if (!exists(name)) {
      throw TemplateError(name, "the template " + (root_ / name).string() + " does not exist");
    }
    auto entry = std::make_shared<Compiled>();
    entry->name = name;
    entry->style = detail::compileStylesheet(root_ / name, name, entry->warnings);
    compiled_.emplace(name, entry);
    return entry;
  }

  const std::filesystem::path root_;
  const RendererOptions options_;

  std::mutex cacheMutex_;
  std::map<std::string, std::shared_ptr<const Compiled>, std::less<>> compiled_;
  std::map<std::pair<std::string, std::string>, Choice> choices_;

  std::mutex poolMutex_;
  std::vector<std::unique_ptr<pdf::Typesetter>> idle_;
};

Renderer::Renderer(const std::filesystem::path& templatesDir, RendererOptions options)
    : impl_(std::make_unique<Impl>(templatesDir, options)) {}

Renderer::~Renderer() = default;

const std::filesystem::path& Renderer::templatesDir() const { return impl_->root(); }

bool Renderer::hasTemplate(std::string_view kind, std::string_view language) const {
  try {
    detail::checkTemplateNames(std::string(kind), std::string(language));
  } catch (const ContentError&) {
    return false;
  }
  return impl_->exists(templateName(std::string(kind), std::string(language)));
}

std::string Renderer::envelope(const RenderInput& input) {
  detail::ErrorSink sink;
  detail::XsltScope scope(impl_->root(), sink);
  detail::Envelope envelope = detail::buildEnvelope(input, impl_->options());
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(envelope.doc.get(), &buffer, &size, "UTF-8");
  if (buffer == nullptr) throw std::bad_alloc();
  std::string bytes(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
  xmlFree(buffer);
  return bytes;
}

std::string Renderer::layout(const RenderInput& input) {
  detail::ErrorSink sink;
  detail::XsltScope scope(impl_->root(), sink);
  detail::DocPtr layoutDoc;
  return impl_->prepare(input, layoutDoc, true).layoutXml;
}

Rendition Renderer::render(const RenderInput& input, Format format) {
  std::vector<Rendition> renditions = render(input, std::span<const Format>(&format, 1));
  return std::move(renditions.front());
}

std::vector<Rendition> Renderer::render(const RenderInput& input, std::span<const Format> formats) {
  std::vector<Rendition> renditions(formats.size());
  Prepared prepared;
  {
    detail::ErrorSink sink;
    detail::XsltScope scope(impl_->root(), sink);
    detail::DocPtr layoutDoc;
    bool pdf = std::find(formats.begin(), formats.end(), Format::kPdf) != formats.end();
    prepared = impl_->prepare(input, layoutDoc, pdf);
    for (std::size_t i = 0; i < formats.size(); ++i) {
      Rendition& r = renditions[i];
      r.notes = prepared.notes;
      if (formats[i] == Format::kHtml) r.bytes = detail::layoutToHtml(layoutDoc.get());
      if (formats[i] == Format::kText) r.bytes = detail::layoutToText(layoutDoc.get());
    }
  }
  // The typesetter parses with its own error handling: outside the XSLT scope.
  for (std::size_t i = 0; i < formats.size(); ++i) {
    Rendition& r = renditions[i];
    r.format = formats[i];
    r.mediaType = mediaTypeOf(formats[i]);
    r.templateFile = prepared.templateFile;
    r.languageFallback = prepared.fallback;
    if (formats[i] != Format::kPdf) continue;
    pdf::PdfOptions options;
    options.creationDate = formatUtc(input.timeMs);
    options.title = input.subject;
    options.resourceDir = impl_->root();
    auto lease = impl_->leaseTypesetter();
    try {
      pdf::RenderedPdf pdf = lease->get().renderDocument(prepared.layoutXml, options);
      r.bytes = std::move(pdf.bytes);
      r.pages = pdf.pageCount;
    } catch (const pdf::LayoutError& e) {
      throw pdf::LayoutError(e.line(), e.column(),
                             "the page layout made by template " + prepared.templateFile +
                                 " is refused: " + e.detail());
    }
  }
  return renditions;
}

}  // namespace chancery::render
