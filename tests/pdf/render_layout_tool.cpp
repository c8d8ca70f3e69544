// pdf_render_layout LAYOUT.xml OUT.pdf [RESOURCE_DIR] [CREATION_DATE]
// Renders one page-layout file, for template authors and for eyeballing output.
// With RESOURCE_DIR "--emblem", a temporary directory with a generated emblem.png is used.
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#include "chancery/pdf/typesetter.hpp"
#include "pdf_test_support.hpp"

int main(int argc, char** argv) {
  namespace testing = chancery::pdf::testing;
  if (argc < 3 || argc > 5) {
    std::fprintf(stderr, "usage: %s LAYOUT.xml OUT.pdf [RESOURCE_DIR|--emblem] [DATE]\n", argv[0]);
    return 2;
  }
  try {
    chancery::pdf::PdfOptions options;
    options.creationDate = argc > 4 ? argv[4] : "2026-11-28T09:41:00Z";
    std::optional<testing::TempDir> emblemDir;
    if (argc > 3 && std::string(argv[3]) == "--emblem") {
      emblemDir.emplace();
      testing::writeEmblemPng(emblemDir->path() / "emblem.png", 240, 240);
      options.resourceDir = emblemDir->path();
    } else if (argc > 3) {
      options.resourceDir = argv[3];
    }
    const std::string layout = testing::readFile(argv[1]);
    chancery::pdf::Typesetter typesetter;
    const auto start = std::chrono::steady_clock::now();
    const chancery::pdf::RenderedPdf pdf = typesetter.renderDocument(layout, options);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    testing::writeFile(argv[2], pdf.bytes);
    std::printf("%d page(s), %zu bytes, %.1f ms\n", pdf.pageCount, pdf.bytes.size(),
                std::chrono::duration<double, std::milli>(elapsed).count());
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
}
