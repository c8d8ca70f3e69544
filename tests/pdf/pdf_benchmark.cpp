// Rendering speed of the typesetter, in PDF pages per second on one core, with one
// Typesetter reused across renders (as production does). Target: >= 300 pages/s for a
// ten-page document.
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include "chancery/pdf/typesetter.hpp"
#include "pdf_test_support.hpp"

namespace {

namespace pdf = chancery::pdf;
namespace testing = chancery::pdf::testing;

void runRenders(benchmark::State& state, const std::string& layout,
                const pdf::PdfOptions& options) {
  pdf::Typesetter typesetter;
  const int pagesPerRender = typesetter.renderDocument(layout, options).pageCount;  // warm-up
  std::int64_t pages = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the benchmark loop
    pdf::RenderedPdf rendered = typesetter.renderDocument(layout, options);
    pages += rendered.pageCount;
    bytes = rendered.bytes.size();
    benchmark::DoNotOptimize(rendered.bytes.data());
  }
  state.counters["pages/s"] =
      benchmark::Counter(static_cast<double>(pages), benchmark::Counter::kIsRate);
  state.counters["pages"] = pagesPerRender;
  state.counters["pdf_bytes"] = static_cast<double>(bytes);
}

pdf::PdfOptions benchmarkOptions() {
  pdf::PdfOptions options;
  options.creationDate = "2026-11-28T09:41:00Z";
  return options;
}

// The sample note verbale, emblem included: one page.
void renderOnePageNoteVerbale(benchmark::State& state) {
  testing::TempDir resources;
  testing::writeEmblemPng(resources.path() / "emblem.png", 240, 240);
  pdf::PdfOptions options = benchmarkOptions();
  options.resourceDir = resources.path();
  runRenders(state, testing::readFile(testing::dataDir() / "note-verbale-layout.xml"), options);
}
BENCHMARK(renderOnePageNoteVerbale)->Unit(benchmark::kMillisecond);

// A ten-page document with classification markings, header and page numbers.
void renderTenPageDocument(benchmark::State& state) {
  pdf::Typesetter probe;
  std::string layout;
  for (int paragraphs = 20; paragraphs < 200; ++paragraphs) {
    layout = testing::longLayout(paragraphs, "RESTRICTED");
    if (probe.renderDocument(layout, benchmarkOptions()).pageCount == 10) break;
  }
  if (probe.renderDocument(layout, benchmarkOptions()).pageCount != 10) {
    state.SkipWithError("could not build a ten-page layout");
    return;
  }
  runRenders(state, layout, benchmarkOptions());
}
BENCHMARK(renderTenPageDocument)->Unit(benchmark::kMillisecond);

}  // namespace
