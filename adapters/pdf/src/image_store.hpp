// Finds and decodes the PNG files that <image src="..."> names.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "graphics_handles.hpp"

namespace chancery::pdf {

inline constexpr std::uintmax_t kMaxImageBytes = std::uintmax_t{8} * 1024 * 1024;
inline constexpr int kMaxImagePixels = 6000;  // per side

// Resolves image names inside one resource directory and keeps the decoded surfaces, so
// that the emblem is read and inflated once, not once per document. An entry is reused
// while the file's size and modification time are unchanged.
//
// Not thread-safe; owned by one Typesetter.
class ImageStore {
 public:
  // Returns the decoded image `src` from `resourceDir`. Throws LayoutError (reported at
  // `line`) when `src` is absolute, contains "..", leaves the directory through a
  // symlink, is missing, is not a PNG, or exceeds kMaxImageBytes / kMaxImagePixels.
  SharedSurface load(const std::filesystem::path& resourceDir, std::string_view src, int line);

 private:
  struct Entry {
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    SharedSurface surface;
  };
  static constexpr std::size_t kMaxEntries = 32;

  std::map<std::string, Entry> cache_;
};

// The lexical part of the check, exposed for tests: true when `src` is a non-empty
// relative path of ordinary components (no "", ".", ".." components, no backslash, no
// NUL).
bool isContainedRelativePath(std::string_view src);

}  // namespace chancery::pdf
