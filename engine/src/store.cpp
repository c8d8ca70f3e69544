#include "chancery/store/store.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "migrations.hpp"

namespace chancery::store {
namespace {

constexpr int kMaxAttempts = 50;

}  // namespace

std::string postgresConnectString(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  auto quote = [](const std::string& v) {
    std::string out = "'";
    for (char c : v) {
      if (c == '\\' || c == '\'') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string params;
  if (auto q = rest.find('?'); q != std::string::npos) {
    params = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string db;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string user, password;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    user = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = user.find(':'); colon != std::string::npos) {
      password = user.substr(colon + 1);
      user = user.substr(0, colon);
    }
  }
  std::string host = rest, port;
  if (auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += std::string(key) + "=" + quote(value);
  };
  add("host", host);
  add("port", port);
  add("dbname", db);
  add("user", user);
  add("password", password);
  std::size_t i = 0;
  while (i < params.size()) {
    std::size_t amp = params.find('&', i);
    std::string kv = params.substr(i, amp == std::string::npos ? std::string::npos : amp - i);
    if (auto eq = kv.find('='); eq != std::string::npos) {
      add(kv.substr(0, eq).c_str(), kv.substr(eq + 1));
    }
    if (amp == std::string::npos) break;
    i = amp + 1;
  }
  return out;
}

const char* forUpdate(Backend b) { return b == Backend::kPostgresql ? " FOR UPDATE" : ""; }

Store::Store(StoreOptions options) : options_(std::move(options)) {
  const std::string& url = options_.url;
  if (url.rfind("sqlite:", 0) == 0) {
    backend_ = Backend::kSqlite;
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    if (path.empty()) throw StorageError("the sqlite: URL names no file — write sqlite:PATH");
    connectString_ = "db=\"" + path + "\" timeout=" + std::to_string(options_.busyTimeoutMs / 1000);
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    backend_ = Backend::kPostgresql;
    connectString_ = postgresConnectString(url);
  } else {
    throw StorageError("unknown database URL '" + url +
                       "' — use sqlite:PATH or postgresql://user@host:port/db");
  }
  if (options_.sqliteSynchronous != "FULL" && options_.sqliteSynchronous != "NORMAL") {
    throw StorageError("SQLite synchronous must be FULL or NORMAL");
  }
  if (options_.poolSize == 0) options_.poolSize = 1;
  try {
    for (std::size_t i = 0; i < options_.poolSize; ++i) {
      auto c = std::make_unique<Connection>();
      openSession(c->sql);
      connections_.push_back(std::move(c));
    }
  } catch (const soci::soci_error& e) {
    rethrowAsStorageError(e);
  }
}

Store::~Store() = default;

Store::Connection& Store::acquire() {
  std::unique_lock lock(poolMutex_);
  for (;;) {
    for (auto& c : connections_) {
      if (!c->busy) {
        c->busy = true;
        return *c;
      }
    }
    poolFree_.wait(lock);
  }
}

void Store::release(Connection& c) {
  {
    std::lock_guard lock(poolMutex_);
    c.busy = false;
  }
  poolFree_.notify_one();
}

Store::Connection& Store::connectionOf(soci::session& sql) {
  for (auto& c : connections_) {
    if (&c->sql == &sql) return *c;
  }
  throw std::logic_error("Store::prepared called with a session the store did not lend");
}

// Returns the connection to the pool when the borrower is done.
class Store::Lease {
 public:
  Lease(Store& store) : store_(store), connection_(store.acquire()) {}
  ~Lease() { store_.release(connection_); }
  Connection& connection() { return connection_; }

 private:
  Store& store_;
  Connection& connection_;
};

void Store::openSession(soci::session& s) {
  if (backend_ == Backend::kSqlite) {
    s.open(soci::sqlite3, connectString_);
    s << "PRAGMA busy_timeout = " + std::to_string(options_.busyTimeoutMs);
    // journal_mode=WAL is persistent and so changes the file: migrate() sets it,
    // after it has accepted the schema.
    s << "PRAGMA synchronous = " + options_.sqliteSynchronous;
    s << "PRAGMA foreign_keys = ON";
    // Checkpoint less often: hot pages (the audit head, the awaiting index) are then
    // copied back to the database file once per checkpoint, not once per commit.
    s << "PRAGMA wal_autocheckpoint = 10000";
    s << "PRAGMA mmap_size = 268435456";
    s << "PRAGMA temp_store = MEMORY";
  } else {
    s.open(soci::postgresql, connectString_);
    s << "SET client_min_messages = warning";
    // Durable commits whatever the server's default (kill -9 loses nothing).
    s << "SET synchronous_commit = on";
  }
}

void Store::rethrowAsStorageError(const std::exception& e) {
  throw StorageError(std::string("database error: ") + e.what());
}

bool Store::isTransient(const std::exception& e) const {
  if (const auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    int code = s->result() & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  }
  if (const auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = p->sqlstate();
    return state == "40001" || state == "40P01";
  }
  return false;
}

namespace {

// A random pause before retrying a transaction that met a lock. The generator is seeded
// once per thread: seeding per write (random_device opens the kernel's source) cost a
// fifth of an action.
std::chrono::microseconds retryPause() {
  thread_local std::mt19937 jitter(std::random_device{}());
  return std::chrono::microseconds(std::uniform_int_distribution<int>(100, 2000)(jitter));
}

}  // namespace

void Store::write(const std::function<void(soci::session&)>& fn) {
  for (int attempt = 1;; ++attempt) {
    Lease lease(*this);
    Connection& c = lease.connection();
    soci::session& sql = c.sql;
    bool open = false;
    try {
      if (!c.begin) {
        c.begin = std::make_unique<soci::statement>(
            (sql.prepare << (backend_ == Backend::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN")));
        c.commit = std::make_unique<soci::statement>((sql.prepare << "COMMIT"));
      }
      c.begin->execute(true);
      open = true;
      fn(sql);
      c.commit->execute(true);
      return;
    } catch (const std::exception& e) {
      if (open) {
        try {
          sql << "ROLLBACK";
        } catch (const std::exception&) {
          // The connection is broken; the server rolls back on its own.
        }
      }
      bool database = dynamic_cast<const soci::soci_error*>(&e) != nullptr;
      if (database) {
        // The statements may be in any state after a failure: prepare afresh.
        c.cache.clear();
        c.begin.reset();
        c.commit.reset();
      }
      if (database && isTransient(e) && attempt < kMaxAttempts) {
        std::this_thread::sleep_for(retryPause());
        continue;
      }
      if (database) rethrowAsStorageError(e);
      throw;
    }
  }
}

namespace {

// fsync of a file or a directory; false when it cannot be opened or synced.
bool syncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::uintmax_t Store::backupTo(const std::string& path) {
  namespace fs = std::filesystem;
  if (backend_ != Backend::kSqlite) {
    throw StorageError("chancery backup copies SQLite stores; back up PostgreSQL with its own "
                       "tools (pg_dump --format=custom, or a base backup with WAL archiving)");
  }
  std::error_code ec;
  if (path.empty() || fs::exists(path, ec)) {
    throw StorageError("the backup file " + path +
                       " already exists: give a new name (a backup never overwrites)");
  }
  fs::path target = fs::absolute(path, ec);
  fs::path directory = target.parent_path();
  if (!fs::is_directory(directory, ec)) {
    throw StorageError("the folder " + directory.string() + " for the backup does not exist");
  }
  std::string temporary = target.string() + ".partial";
  fs::remove(temporary, ec);
  try {
    // One read transaction: a snapshot of one moment; writers go on meanwhile (WAL).
    read([&](soci::session& sql) { sql << "VACUUM INTO :file", soci::use(temporary); });
    {
      soci::session copy(soci::sqlite3, "db=" + temporary);
      std::string check;
      copy << "PRAGMA integrity_check", soci::into(check);
      if (check != "ok") throw StorageError("the backup failed its integrity check: " + check);
    }
    if (!syncPath(temporary, false)) throw StorageError("cannot flush " + temporary + " to disk");
    // link() never replaces: a file that appeared meanwhile under the name is kept.
    if (::link(temporary.c_str(), target.c_str()) != 0) {
      throw StorageError("cannot create the backup file " + target.string() +
                         " (it appeared meanwhile, or the folder is not writable)");
    }
    fs::remove(temporary, ec);
    syncPath(directory.string(), true);
  } catch (const StorageError&) {
    fs::remove(temporary, ec);
    throw;
  } catch (const std::exception& e) {
    fs::remove(temporary, ec);
    throw StorageError("the backup to " + target.string() + " failed: " + e.what());
  }
  return fs::file_size(target, ec);
}

void Store::read(const std::function<void(soci::session&)>& fn) {
  Lease lease(*this);
  soci::session& sql = lease.connection().sql;
  try {
    fn(sql);
  } catch (const soci::soci_error& e) {
    lease.connection().cache.clear();
    rethrowAsStorageError(e);
  }
}

SchemaStatus Store::schemaStatus() {
  SchemaStatus status;
  status.binaryVersion = latestMigration();
  read([&](soci::session& sql) {
    int exists = 0;
    if (backend_ == Backend::kSqlite) {
      sql << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
             "'schema_migrations'",
          soci::into(exists);
    } else {
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
             "current_schema() AND table_name = 'schema_migrations'",
          soci::into(exists);
    }
    if (exists) {
      soci::indicator ind;
      sql << "SELECT max(version) FROM schema_migrations", soci::into(status.databaseVersion, ind);
      if (ind != soci::i_ok) status.databaseVersion = 0;
    }
  });
  return status;
}

void Store::migrate() {
  SchemaStatus status = schemaStatus();
  if (status.databaseVersion > status.binaryVersion) {
    throw StorageError("the database schema is version " +
                       std::to_string(status.databaseVersion) + " but this chancery knows only " +
                       std::to_string(status.binaryVersion) +
                       " — use a newer chancery; the database was not touched");
  }
  if (backend_ == Backend::kSqlite) {
    bool fresh = status.databaseVersion == 0;
    read([fresh](soci::session& sql) {
      // Small pages for a new database: an action dirties a few pages of several
      // tables and indexes, and WAL writes whole pages. Only an empty file takes it.
      // (Measured: 2048 gave about 20% more actions per second than 4096; after
      // schema 4, 1024 gives 18.9k actions/s with synchronous=NORMAL where 2048 gave
      // 14.6k-18.0k, the same with FULL, and the same act cost at 1,000,000 documents.
      // Content of 4 MiB then spans about 4,100 overflow pages, read in a few ms.)
      if (fresh) sql << "PRAGMA page_size = 1024";
      std::string mode;
      sql << "PRAGMA journal_mode = WAL", soci::into(mode);
    });
  }
  for (const Migration& m : migrations()) {
    if (m.version <= status.databaseVersion) continue;
    write([&](soci::session& sql) {
      for (const std::string& statement : m.statements(backend_)) sql << statement;
      long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
      sql << "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (:v, :n, :t)",
          soci::use(m.version), soci::use(m.name), soci::use(now);
    });
  }
}

void Store::requireCurrentSchema() {
  SchemaStatus status = schemaStatus();
  if (status.databaseVersion == 0) {
    throw StorageError("the database is not initialised — run `chancery init` first");
  }
  if (status.databaseVersion > status.binaryVersion) {
    throw StorageError("the database schema is version " +
                       std::to_string(status.databaseVersion) + " but this chancery knows only " +
                       std::to_string(status.binaryVersion) +
                       " — use a newer chancery; the database was not touched");
  }
  if (status.databaseVersion < status.binaryVersion) {
    throw StorageError("the database schema is version " +
                       std::to_string(status.databaseVersion) + "; this chancery needs " +
                       std::to_string(status.binaryVersion) + " — run `chancery init` to migrate");
  }
}

}  // namespace chancery::store
