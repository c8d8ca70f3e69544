#include "image_store.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "chancery/pdf/errors.hpp"

namespace chancery::pdf {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";

[[noreturn]] void failImage(int line, std::string_view src, const std::string& what) {
  throw LayoutError(line, 0, "<image src=\"" + std::string(src) + "\">: " + what);
}

std::uint32_t readBigEndian32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  }
  return value;
}

struct PngCursor {
  const std::string* bytes;
  std::size_t offset;
};

cairo_status_t readPngChunk(void* closure, unsigned char* data, unsigned int length) {
  auto* cursor = static_cast<PngCursor*>(closure);
  if (cursor->bytes->size() - cursor->offset < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, cursor->bytes->data() + cursor->offset, length);
  cursor->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

bool isInside(const fs::path& base, const fs::path& resolved) {
  auto [baseEnd, resolvedAt] =
      std::mismatch(base.begin(), base.end(), resolved.begin(), resolved.end());
  return baseEnd == base.end() && resolvedAt != resolved.end();
}

}  // namespace

bool isContainedRelativePath(std::string_view src) {
  if (src.empty() || src.size() > 255 || src.front() == '/') return false;
  if (src.find('\\') != std::string_view::npos || src.find('\0') != std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = src.find('/', start);
    const std::string_view component =
        src.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (component.empty() || component == "." || component == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

SharedSurface ImageStore::load(const fs::path& resourceDir, std::string_view src, int line) {
  if (resourceDir.empty()) {
    failImage(line, src,
              "no resource directory was given (PdfOptions::resourceDir), so the "
              "layout cannot use images");
  }
  if (!isContainedRelativePath(src)) {
    failImage(line, src,
              "src must be a relative path inside the resource directory: no "
              "leading '/', no '..' or '.' components, no backslashes");
  }
  std::error_code error;
  const fs::path base = fs::canonical(resourceDir, error);
  if (error) {
    failImage(line, src, "the resource directory '" + resourceDir.string() + "' is missing");
  }
  const fs::path resolved = fs::canonical(base / fs::path(src), error);
  if (error || !fs::is_regular_file(resolved, error)) {
    failImage(line, src, "no such image in the resource directory '" + base.string() + "'");
  }
  if (!isInside(base, resolved)) {
    failImage(line, src, "the file leads out of the resource directory (symbolic link)");
  }
  const std::uintmax_t size = fs::file_size(resolved, error);
  const fs::file_time_type modified = fs::last_write_time(resolved, error);
  if (error) failImage(line, src, "cannot read the image: " + error.message());

  const std::string key = resolved.string();
  if (auto hit = cache_.find(key);
      hit != cache_.end() && hit->second.size == size && hit->second.modified == modified) {
    return hit->second.surface;
  }
  if (size > kMaxImageBytes) {
    failImage(line, src,
              "the file has " + std::to_string(size) + " bytes; at most " +
                  std::to_string(kMaxImageBytes) + " are accepted");
  }
  std::ifstream file(resolved, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file.good() && !file.eof()) failImage(line, src, "cannot read the image");
  // Check the header before decoding, so that a tiny file claiming 100000 x 100000
  // pixels cannot make cairo allocate gigabytes.
  if (bytes.size() < 24 || std::string_view(bytes).substr(0, 8) != kPngSignature ||
      std::string_view(bytes).substr(12, 4) != "IHDR") {
    failImage(line, src, "not a PNG file (only PNG images are supported)");
  }
  const std::uint32_t width = readBigEndian32(bytes, 16);
  const std::uint32_t height = readBigEndian32(bytes, 20);
  if (width == 0 || height == 0 || width > kMaxImagePixels || height > kMaxImagePixels) {
    failImage(line, src,
              "the picture is " + std::to_string(width) + " x " + std::to_string(height) +
                  " pixels; at most " + std::to_string(kMaxImagePixels) + " per side are accepted");
  }
  PngCursor cursor{&bytes, 0};
  SharedSurface surface =
      shareSurface(cairo_image_surface_create_from_png_stream(readPngChunk, &cursor));
  if (const cairo_status_t status = cairo_surface_status(surface.get());
      status != CAIRO_STATUS_SUCCESS) {
    if (status == CAIRO_STATUS_NO_MEMORY) throw RenderError("cairo: out of memory reading a PNG");
    failImage(line, src, std::string("cannot decode the PNG: ") + cairo_status_to_string(status));
  }
  if (cache_.size() >= kMaxEntries) cache_.clear();
  cache_[key] = Entry{modified, size, surface};
  return surface;
}

}  // namespace chancery::pdf
