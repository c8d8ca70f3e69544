#include "session.hpp"

#include <filesystem>

namespace chancery::cli {
namespace {

constexpr std::size_t kPoolSize = 2;

}  // namespace

std::unique_ptr<store::Store> openStore(const Settings& settings, bool create) {
  if (!create && settings.db.rfind("sqlite:", 0) == 0) {
    std::string path = settings.db.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    std::error_code ec;
    if (!path.empty() && !std::filesystem::exists(path, ec) && !ec) {
      throw store::StorageError("there is no database at " + path +
                                " — run `chancery init` to create one, or give --db");
    }
  }
  store::StoreOptions options;
  options.url = settings.db;
  options.poolSize = kPoolSize;
  options.sqliteSynchronous = settings.sqliteSynchronous;
  return std::make_unique<store::Store>(options);
}

EngineSession::EngineSession(const Settings& settings) : store_(openStore(settings, false)) {
  store_->requireCurrentSchema();
  engine_ = std::make_unique<Engine>(*store_, clock_, settings.workflows);
  EngineSettings es;
  es.registryAddress = settings.registryAddress;
  es.messageIdDomain = settings.messageIdDomain;
  es.contentSchemas = settings.templates;
  es.giveUpAfter = std::chrono::hours(settings.giveUpHours);
  es.acknowledgementDue = std::chrono::hours(24 * settings.acknowledgementDays);
  engine_->configure(es);
}

}  // namespace chancery::cli
