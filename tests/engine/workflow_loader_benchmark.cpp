// Load + validate of note-verbale.xml with the schema compiled once and reused.
// Target: at least 5,000 definitions per second on one core.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>

#include "chancery/workflow/loader.hpp"

static void BM_LoadAndValidateNoteVerbale(benchmark::State& state) {
  std::ifstream in(std::string(CHANCERY_SOURCE_DIR) + "/workflows/note-verbale.xml");
  std::string xml((std::istreambuf_iterator<char>(in)), {});
  chancery::workflow::DefinitionLoader loader;
  for (auto _ : state) {
    auto result = loader.loadText(xml, "note-verbale.xml");
    if (!result.ok()) state.SkipWithError("note-verbale.xml does not validate");
    benchmark::DoNotOptimize(result);
  }
  state.counters["definitions/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LoadAndValidateNoteVerbale)->Unit(benchmark::kMicrosecond);
