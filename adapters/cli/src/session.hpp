// The store and engine one command works with.
#pragma once

#include <memory>

#include "chancery/engine/clock.hpp"
#include "chancery/engine/engine.hpp"
#include "chancery/store/store.hpp"
#include "commands.hpp"

namespace chancery::cli {

// Opens the store named by the settings. Throws StorageError when it cannot be
// opened; an SQLite file that does not exist is created only when `create` is set
// (by `init`), so a mistyped path is not silently a new, empty database.
std::unique_ptr<store::Store> openStore(const Settings& settings, bool create);

// A store whose schema is exactly this binary's, and an engine on it. Throws
// StorageError for an uninitialised, older or newer database (which it leaves
// untouched).
class EngineSession {
 public:
  explicit EngineSession(const Settings& settings);
  EngineSession(const EngineSession&) = delete;
  EngineSession& operator=(const EngineSession&) = delete;

  Engine& engine() { return *engine_; }
  store::Store& store() { return *store_; }

 private:
  SystemClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace chancery::cli
