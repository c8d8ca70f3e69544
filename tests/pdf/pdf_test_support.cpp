#include "pdf_test_support.hpp"

#include <cairo.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

namespace chancery::pdf::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "chancery-pdf-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  if (std::getenv("CHANCERY_PDF_KEEP") != nullptr) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

void writeFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string shellQuote(const fs::path& path) {
  std::string quoted = "'";
  for (char c : path.string()) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  return quoted + "'";
}

std::string runCommand(const std::string& command) {
  struct PipeCloser {
    int* status;
    void operator()(FILE* pipe) const { *status = pclose(pipe); }
  };
  int status = -1;
  std::string output;
  {
    std::unique_ptr<FILE, PipeCloser> pipe(popen(command.c_str(), "r"), PipeCloser{&status});
    if (!pipe) throw std::runtime_error("popen failed: " + command);
    std::array<char, 4096> buffer;
    std::size_t read = 0;
    while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) {
      output.append(buffer.data(), read);
    }
  }
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("command failed: " + command);
  }
  return output;
}

std::vector<std::string> pdfPagesText(const fs::path& pdf) {
  const std::string text = runCommand("pdftotext -layout " + shellQuote(pdf) + " -");
  std::vector<std::string> pages(1);
  for (char c : text) {
    if (c == '\f')
      pages.emplace_back();
    else
      pages.back() += c;
  }
  if (pages.back().find_first_not_of(" \n") == std::string::npos) pages.pop_back();
  return pages;
}

void writeEmblemPng(const fs::path& path, int width, int height) {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height), cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);
  const double cx = width / 2.0;
  const double cy = height / 2.0;
  const double r = std::min(width, height) / 2.0;
  cairo_set_source_rgb(cr.get(), 0.0, 0.42, 0.63);
  cairo_arc(cr.get(), cx, cy, r * 0.96, 0, 2 * M_PI);
  cairo_fill(cr.get());
  cairo_set_source_rgb(cr.get(), 0.94, 0.2, 0.25);
  cairo_arc(cr.get(), cx, cy, r * 0.72, 0, 2 * M_PI);
  cairo_fill(cr.get());
  cairo_set_source_rgb(cr.get(), 0.0, 0.6, 0.25);
  cairo_arc(cr.get(), cx, cy, r * 0.5, 0, 2 * M_PI);
  cairo_fill(cr.get());
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  for (int i = 0; i < 16; ++i) {  // an eight-pointed star
    const double angle = -M_PI / 2 + i * M_PI / 8;
    const double radius = (i % 2 == 0) ? r * 0.42 : r * 0.2;
    cairo_line_to(cr.get(), cx + radius * std::cos(angle), cy + radius * std::sin(angle));
  }
  cairo_close_path(cr.get());
  cairo_fill(cr.get());
  if (cairo_surface_write_to_png(surface.get(), path.c_str()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

fs::path dataDir() { return CHANCERY_PDF_TEST_DATA; }

std::string longLayout(int paragraphs, std::string_view classification) {
  static const char* const kSentences[] = {
      "The Ministry has the honour to refer to the consultations held in Baku. ",
      "The delegation will be headed by Mr. Elçin Məmmədov, Director of the Department "
      "of Europe, accompanied by Ms. Gülşən Əliyeva and Mr. Rəşid Şükürov. ",
      "La partie française sera représentée par Mme Hélène Lefèvre, directrice de "
      "l'Europe continentale, et M. François Béranger. ",
      "Meetings will take place at the Ministry, Şıxəli Qurbanov küçəsi 50, in the Ağ "
      "otaq conference hall. ",
      "The Embassy is kindly requested to confirm the composition of the delegation "
      "before 15 December 2026. ",
  };
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<page-layout version=\"1\" xmlns=\"urn:chancery:page-layout:1\">\n"
      "  <page margin-top=\"28mm\" margin-bottom=\"22mm\" align=\"justify\" "
      "line-height=\"1.15\" lang=\"en\"/>\n"
      "  <furniture>\n";
  if (!classification.empty()) {
    xml += "    <classification>" + std::string(classification) + "</classification>\n";
  }
  xml +=
      "    <continuation-header>Note No. 4/2-0123/2026</continuation-header>\n"
      "    <page-number align=\"right\"/>\n"
      "  </furniture>\n"
      "  <flow>\n"
      "    <p align=\"center\" bold=\"true\" space-after=\"12pt\" keep-with-next=\"true\">"
      "Programme of the consultations</p>\n";
  for (int i = 0; i < paragraphs; ++i) {
    xml += "    <p first-indent=\"12.5mm\" space-after=\"6pt\">Paragraph " + std::to_string(i + 1) +
           ". ";
    const int sentences = 2 + (i * 7) % 6;
    for (int s = 0; s < sentences; ++s) xml += kSentences[(i + s) % 5];
    xml += "End of paragraph " + std::to_string(i + 1) + ".</p>\n";
  }
  xml +=
      "    <p first-indent=\"12.5mm\" keep-with-next=\"true\">Please accept the assurances "
      "of my highest consideration.</p>\n"
      "    <signature space-before=\"6pt\"><line><b>Jeyhun Bayramov</b></line>"
      "<line>Minister of Foreign Affairs</line></signature>\n"
      "  </flow>\n"
      "</page-layout>\n";
  return xml;
}

}  // namespace chancery::pdf::testing
