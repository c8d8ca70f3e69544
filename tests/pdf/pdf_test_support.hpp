// Helpers shared by the PDF tests, the benchmark and the render tool: temporary
// directories, files, running poppler-utils, and generated PNG pictures.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::pdf::testing {

// A fresh directory under the system temp dir, removed (recursively) on destruction
// unless CHANCERY_PDF_KEEP is set in the environment.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void writeFile(const std::filesystem::path& path, std::string_view bytes);
std::string readFile(const std::filesystem::path& path);

// Runs `command` through /bin/sh and returns its standard output; throws
// std::runtime_error if it exits non-zero.
std::string runCommand(const std::string& command);

// Quotes `path` for /bin/sh.
std::string shellQuote(const std::filesystem::path& path);

// Text of each page, from `pdftotext -layout` (pages split at form feeds).
std::vector<std::string> pdfPagesText(const std::filesystem::path& pdf);

// Writes a width x height PNG with cairo: a stylised emblem (rings and a star).
void writeEmblemPng(const std::filesystem::path& path, int width, int height);

// The directory holding the checked-in test data (tests/pdf/data).
std::filesystem::path dataDir();

// A long page layout: a heading, `paragraphs` justified paragraphs of mixed text, a
// signature; furniture with `classification` and page numbers.
std::string longLayout(int paragraphs, std::string_view classification);

}  // namespace chancery::pdf::testing
