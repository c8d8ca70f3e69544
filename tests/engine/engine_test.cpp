// The engine conformance suite on SQLite (a new database file per test).
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "engine_fixture.hpp"

namespace chancery::testing {
std::string freshStoreUrl() {
  static std::atomic<int> n{0};
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("chancery-engine-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path file = dir / ("store-" + std::to_string(n++) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  return "sqlite:" + file.string();
}
}  // namespace chancery::testing

#include "engine_conformance.inc"
