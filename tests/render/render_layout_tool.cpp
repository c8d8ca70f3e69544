// render_layout LAYOUT.xml [--html OUT.html] [--text OUT.txt] [--pdf OUT.pdf]
//               [--emblem | --resources DIR] [--date DATE]
// Renders one page-layout file as the renderer renders the layout a template makes: XHTML
// and text with Chancery's writers, PDF with the typesetter (images from DIR, or from a
// temporary directory with a generated emblem.png with --emblem). For template authors
// (templates/tests/run.sh) and for eyeballing output. Exits 1 when the layout cannot be
// read or the typesetter refuses it, 2 on a usage error.
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/pdf/typesetter.hpp"
#include "chancery/xml/untrusted_xml.hpp"
#include "layout_html.hpp"
#include "layout_text.hpp"
#include "pdf_test_support.hpp"

namespace {

namespace testing = chancery::pdf::testing;

struct Arguments {
  std::string layout;
  std::string html, text, pdf, resources, date = "2026-11-28T09:41:00Z";
  bool emblem = false;
};

std::optional<Arguments> parseArguments(int argc, char** argv) {
  Arguments a;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    bool hasValue = i + 1 < argc;
    if (arg == "--emblem")
      a.emblem = true;
    else if (arg == "--html" && hasValue)
      a.html = argv[++i];
    else if (arg == "--text" && hasValue)
      a.text = argv[++i];
    else if (arg == "--pdf" && hasValue)
      a.pdf = argv[++i];
    else if (arg == "--resources" && hasValue)
      a.resources = argv[++i];
    else if (arg == "--date" && hasValue)
      a.date = argv[++i];
    else if (a.layout.empty() && !arg.starts_with("--"))
      a.layout = arg;
    else
      return std::nullopt;
  }
  if (a.layout.empty() || (a.html.empty() && a.text.empty() && a.pdf.empty())) return std::nullopt;
  return a;
}

int run(const Arguments& a) {
  std::string bytes = testing::readFile(a.layout);
  if (!a.html.empty() || !a.text.empty()) {
    chancery::Diagnostics diags(a.layout);
    chancery::xml::Limits limits{16u << 20, 256};
    auto parsed = chancery::xml::parseUntrusted(bytes, limits, diags);
    if (!parsed) {
      for (const chancery::Diagnostic& d : diags.all()) {
        std::fprintf(stderr, "%s\n", chancery::formatDiagnostic(d).c_str());
      }
      return 1;
    }
    if (!a.html.empty())
      testing::writeFile(a.html, chancery::render::detail::layoutToHtml(parsed->doc()));
    if (!a.text.empty())
      testing::writeFile(a.text, chancery::render::detail::layoutToText(parsed->doc()));
  }
  if (!a.pdf.empty()) {
    chancery::pdf::PdfOptions options;
    options.creationDate = a.date;
    std::optional<testing::TempDir> emblemDir;
    if (a.emblem) {
      emblemDir.emplace();
      testing::writeEmblemPng(emblemDir->path() / "emblem.png", 240, 240);
      options.resourceDir = emblemDir->path();
    } else if (!a.resources.empty()) {
      options.resourceDir = a.resources;
    }
    chancery::pdf::Typesetter typesetter;
    chancery::pdf::RenderedPdf pdf = typesetter.renderDocument(bytes, options);
    testing::writeFile(a.pdf, pdf.bytes);
    std::printf("%d page(s), %zu bytes\n", pdf.pageCount, pdf.bytes.size());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<Arguments> arguments = parseArguments(argc, argv);
  if (!arguments) {
    std::fprintf(stderr,
                 "usage: %s LAYOUT.xml [--html OUT.html] [--text OUT.txt] [--pdf OUT.pdf] "
                 "[--emblem | --resources DIR] [--date DATE]\n",
                 argv[0]);
    return 2;
  }
  try {
    return run(*arguments);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
}
