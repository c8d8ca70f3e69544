// The engine conformance suite's fixture: a fresh store per test on the back end
// the including file chooses (SQLite file or the PostgreSQL server of tests/run.sh).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "chancery/engine/engine.hpp"
#include "chancery/store/store.hpp"

namespace chancery::testing {

// Defined by the including test file: a URL to an empty database.
std::string freshStoreUrl();

inline const std::string& workflowsDir() {
  static const std::string dir = [] {
    namespace fs = std::filesystem;
    fs::path d = fs::temp_directory_path() / ("chancery-workflows-" + std::to_string(getpid()));
    fs::create_directories(d);
    for (const fs::path& src : {fs::path(CHANCERY_SOURCE_DIR) / "workflows",
                                fs::path(CHANCERY_TEST_DATA) / "fixtures/workflows/valid"}) {
      for (const auto& e : fs::directory_iterator(src)) {
        if (e.path().extension() == ".xml") {
          fs::copy_file(e.path(), d / e.path().filename(), fs::copy_options::overwrite_existing);
        }
      }
    }
    return d.string();
  }();
  return dir;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = freshStoreUrl();
    open();
    store_->migrate();
  }

  void open() {
    store::StoreOptions options;
    options.url = url_;
    options.poolSize = 10;
    options.sqliteSynchronous = "NORMAL";
    store_ = std::make_unique<store::Store>(options);
    engine_ = std::make_unique<Engine>(*store_, clock_, workflowsDir());
  }

  // Like a process restart: everything in memory is gone.
  void reopen() {
    engine_.reset();
    store_.reset();
    open();
  }

  Engine& engine() { return *engine_; }
  store::Store& store() { return *store_; }

  void exec(const std::string& sql) {
    store_->write([&](soci::session& s) { s << sql; });
  }
  long long count(const std::string& sql) {
    long long n = 0;
    store_->read([&](soci::session& s) { s << sql, soci::into(n); });
    return n;
  }

  ManualClock clock_{parseUtc("2026-11-28T09:00:00Z")};
  std::string url_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace chancery::testing
