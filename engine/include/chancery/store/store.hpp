// The store: SOCI sessions on SQLite (default, one file, WAL) or PostgreSQL, the
// numbered migrations, and write transactions that serialise correctly on both.
//
// Threads: a Store may be shared by any number of threads; each call borrows a
// session from the pool for its duration.
#pragma once

#include <soci/soci.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace chancery::store {

enum class Backend { kSqlite, kPostgresql };

// The database failed or is unusable (exit code 3). Transient failures (busy,
// serialisation) are retried inside write() before this is thrown.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StoreOptions {
  // sqlite:PATH or postgresql://user@host:port/db
  std::string url = "sqlite:chancery.db";
  std::size_t poolSize = 4;
  // SQLite only: FULL (the default: a commit survives power loss) or NORMAL.
  std::string sqliteSynchronous = "FULL";
  int busyTimeoutMs = 30000;
};

// What the schema of a database says about itself.
struct SchemaStatus {
  int databaseVersion = 0;  // 0: not initialised
  int binaryVersion = 0;    // the newest migration this binary knows
};

class Store {
 public:
  explicit Store(StoreOptions options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Backend backend() const { return backend_; }
  const StoreOptions& options() const { return options_; }

  SchemaStatus schemaStatus();
  // Applies the missing migrations, each in its own transaction. Refuses (and does
  // not touch) a database whose schema is newer than this binary.
  void migrate();
  // Throws StorageError unless the schema is exactly this binary's.
  void requireCurrentSchema();

  // Runs fn(session) in one write transaction: BEGIN IMMEDIATE on SQLite (writers
  // queue on the busy timeout), BEGIN on PostgreSQL (callers lock rows they
  // change). Commits when fn returns, rolls back if it throws. Retries fn from the
  // start on a transient conflict (busy, serialisation failure, deadlock), so fn
  // must not have effects outside the transaction.
  void write(const std::function<void(soci::session&)>& fn);
  // Runs fn(session) for reading (a snapshot per statement).
  void read(const std::function<void(soci::session&)>& fn);

  // SQLite: writes a consistent copy of the whole database, as of one moment, to the new
  // file `path` while others keep working (VACUUM INTO a temporary file beside it,
  // flushed to disk, then renamed), and checks it with PRAGMA integrity_check. Returns
  // its size in bytes. Throws StorageError when `path` exists, cannot be written, or on
  // PostgreSQL (back it up with pg_dump).
  std::uintmax_t backupTo(const std::string& path);

  // Translates SOCI/driver failures to StorageError, keeping the message.
  [[noreturn]] static void rethrowAsStorageError(const std::exception& e);

  // Statements prepared once per connection and reused: T(soci::session&, Backend)
  // prepares its statements bound to its own members. Only for the session passed
  // to a write()/read() callback, on that callback's thread.
  struct Prepared {
    virtual ~Prepared() = default;
  };
  template <class T>
  T& prepared(soci::session& sql) {
    auto& slot = connectionOf(sql).cache[std::type_index(typeid(T))];
    if (!slot) slot = std::make_unique<T>(sql, backend_);
    return static_cast<T&>(*slot);
  }

 private:
  struct Connection {
    soci::session sql;
    std::unordered_map<std::type_index, std::unique_ptr<Prepared>> cache;
    std::unique_ptr<soci::statement> begin, commit;
    bool busy = false;
  };
  class Lease;

  void openSession(soci::session& s);
  bool isTransient(const std::exception& e) const;
  Connection& acquire();
  void release(Connection& c);
  Connection& connectionOf(soci::session& sql);

  StoreOptions options_;
  Backend backend_;
  std::string connectString_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::mutex poolMutex_;
  std::condition_variable poolFree_;
};

// postgresql://user[:password]@host[:port]/db[?key=value&...] as libpq keywords
// ("host=... port=... dbname=... user=..."), the form SOCI passes on intact.
std::string postgresConnectString(const std::string& url);

// "FOR UPDATE" on PostgreSQL, "" on SQLite (whose write transaction already holds
// the database lock).
const char* forUpdate(Backend b);

}  // namespace chancery::store
