// Renderer throughput on one core:
//   - HTML + text of a one-page note verbale (target: >= 2,000 renders/s), and each format
//     alone: the envelope, the kind template (most of the time: compare BM_Layout) and
//     the HTML and text writers;
//   - PDF of a one-page and a ten-page note verbale in pages/s (target: >= 300), next to
//     the bare typesetter on the same layouts (the XSLT and envelope stages may add at
//     most a third).
// Each runs on the real templates/note-verbale/en.xsl (real=1; skipped when it does not
// exist) and on the fixture note of tests/render/data (real=0: no emblem, a simple
// template, to tell the renderer's own cost from the templates').
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "chancery/pdf/typesetter.hpp"
#include "chancery/render/renderer.hpp"
#include "render_test_support.hpp"

namespace chancery::render {
namespace {

namespace fs = std::filesystem;

struct Setup {
  fs::path templates;
  RenderInput input;  // a one-page note
  std::unique_ptr<Renderer> renderer;
  std::map<int, RenderInput> notes;  // by page count
};

bool haveRealTemplate() { return fs::exists(testing::realTemplatesDir() / "note-verbale/en.xsl"); }

Setup& setup(bool real) {
  static Setup fixture = [] {
    Setup r;
    r.input = testing::fixtureInput();
    r.templates = testing::fixtureTemplatesDir();
    r.renderer = std::make_unique<Renderer>(r.templates);
    return r;
  }();
  if (!real) return fixture;
  static Setup s = [] {
    Setup r;
    r.input = testing::fixtureInput();
    {
      r.templates = testing::realTemplatesWithEmblem();
      r.input.kind = "note-verbale";
      r.input.content =
          "<note-verbale>"
          "<addressee ref=\"ch-embassy-baku\">Embassy of the Swiss Confederation</addressee>"
          "<paragraph>inform the Embassy that the fourth round of political consultations "
          "between the Ministries of Foreign Affairs of the Republic of Azerbaijan and the "
          "Swiss Confederation will be held in Baku on 15–16 January 2027.</paragraph>"
          "<paragraph>The Azerbaijani delegation will be headed by Mr. Elçin Məmmədov, Deputy "
          "Minister of Foreign Affairs, and will include Ms. Gülşən Əliyeva, Director of the "
          "Department of Europe, and Mr. Rəşid Şükürov, Head of the Division of Western "
          "Europe.</paragraph>"
          "<paragraph>The Ministry would be grateful if the Embassy could communicate, before "
          "15 December 2026, the composition of the Swiss delegation, together with the flight "
          "details of its members, so that the necessary protocol and security arrangements "
          "can be made.</paragraph>"
          "</note-verbale>";
    }
    r.renderer = std::make_unique<Renderer>(r.templates);
    return r;
  }();
  return s;
}

// The one-page note with paragraphs added until the PDF has `pages` pages.
const RenderInput& noteOf(Setup& setup, int pages) {
  auto it = setup.notes.find(pages);
  if (it != setup.notes.end()) return it->second;
  Renderer& renderer = *setup.renderer;
  RenderInput input = setup.input;
  if (pages > 1) {
    std::string root = "</" + input.kind + ">";
    std::size_t close = input.content.rfind(root);
    std::string body = input.content.substr(0, close);
    std::string paragraph =
        "<paragraph>The Ministry would be grateful if the Embassy could communicate the "
        "composition of the delegation, together with the flight details of its members, so "
        "that the necessary protocol and security arrangements can be made in good time, and "
        "it stands ready to provide any further information that may be required.</paragraph>";
    while (renderer.render(input, Format::kPdf).pages < pages) {
      body += paragraph;
      input.content = body + root;
    }
  }
  return setup.notes.emplace(pages, std::move(input)).first->second;
}

// The setup for `real` (state.range(1) or (0)), or nullptr after skipping the benchmark.
Setup* setupFor(benchmark::State& state, bool real) {
  if (real && !haveRealTemplate()) {
    state.SkipWithError("templates/note-verbale/en.xsl does not exist");
    return nullptr;
  }
  return &setup(real);
}

void BM_HtmlAndText(benchmark::State& state) {
  Setup* s = setupFor(state, state.range(0) != 0);
  if (s == nullptr) return;
  const RenderInput& input = noteOf(*s, 1);
  const Format formats[] = {Format::kHtml, Format::kText};
  s->renderer->render(input, formats);  // compile the template
  for (auto _ : state) {
    std::vector<Rendition> r = s->renderer->render(input, formats);
    benchmark::DoNotOptimize(r);
  }
  state.counters["renders/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HtmlAndText)->ArgName("real")->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// One format alone (format 0: HTML, 1: text), real template: renders per second per format.
void BM_OneFormat(benchmark::State& state) {
  Setup* s = setupFor(state, true);
  if (s == nullptr) return;
  const RenderInput& input = noteOf(*s, 1);
  Format format = state.range(0) == 0 ? Format::kHtml : Format::kText;
  s->renderer->render(input, format);
  for (auto _ : state) {
    Rendition r = s->renderer->render(input, format);
    benchmark::DoNotOptimize(r);
  }
  state.counters["renders/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OneFormat)->ArgName("text")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Layout(benchmark::State& state) {
  Setup* s = setupFor(state, state.range(0) != 0);
  if (s == nullptr) return;
  const RenderInput& input = noteOf(*s, 1);
  for (auto _ : state) benchmark::DoNotOptimize(s->renderer->layout(input));
  state.counters["renders/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Layout)->ArgName("real")->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

void BM_RenderPdf(benchmark::State& state) {
  Setup* s = setupFor(state, state.range(1) != 0);
  if (s == nullptr) return;
  const RenderInput& input = noteOf(*s, static_cast<int>(state.range(0)));
  int pages = s->renderer->render(input, Format::kPdf).pages;
  for (auto _ : state) {
    Rendition r = s->renderer->render(input, Format::kPdf);
    benchmark::DoNotOptimize(r);
  }
  state.counters["pages"] = pages;
  state.counters["pages/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * pages,
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RenderPdf)
    ->ArgNames({"pages", "real"})
    ->ArgsProduct({{1, 10}, {1, 0}})
    ->Unit(benchmark::kMillisecond);

// The same layouts through a bare Typesetter: the cost the renderer adds is the difference.
void BM_TypesetterOnly(benchmark::State& state) {
  Setup* s = setupFor(state, state.range(1) != 0);
  if (s == nullptr) return;
  const RenderInput& input = noteOf(*s, static_cast<int>(state.range(0)));
  std::string layout = s->renderer->layout(input);
  pdf::Typesetter typesetter;
  pdf::PdfOptions options;
  options.creationDate = formatUtc(input.timeMs);
  options.title = input.subject;
  options.resourceDir = s->renderer->templatesDir();
  int pages = typesetter.renderDocument(layout, options).pageCount;
  for (auto _ : state) {
    pdf::RenderedPdf pdf = typesetter.renderDocument(layout, options);
    benchmark::DoNotOptimize(pdf);
  }
  state.counters["pages"] = pages;
  state.counters["pages/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * pages,
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TypesetterOnly)
    ->ArgNames({"pages", "real"})
    ->ArgsProduct({{1, 10}, {1, 0}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chancery::render
