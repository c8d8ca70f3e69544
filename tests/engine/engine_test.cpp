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

// ------------------------------------------------------------- SQLite schema upgrades

#include <soci/sqlite3/soci-sqlite3.h>

#include "migrations.hpp"

namespace chancery::testing {
namespace {

// A database made by a release that stopped at schema 3 (awaiting with a rowid, jobs
// with AUTOINCREMENT), holding work: `chancery init` with this release keeps every row
// and id, and new jobs go on from the highest id.
TEST(SqliteUpgrade, ASchema3DatabaseKeepsItsWorkThroughVersion4) {
  std::string url = freshStoreUrl();
  {
    soci::session sql(soci::sqlite3, "db=" + url.substr(7));
    sql << "PRAGMA foreign_keys = ON";
    for (const store::Migration& m : store::migrations()) {
      if (m.version > 3) break;
      for (const std::string& statement : m.statements(store::Backend::kSqlite)) sql << statement;
      sql << "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (:v, :n, 0)",
          soci::use(m.version), soci::use(m.name);
    }
    sql << "INSERT INTO users (name, department, created_at_ms) VALUES ('aliyev', 'europe', 0)";
    sql << "INSERT INTO documents (kind, subject, language, classification, drafter_id, "
           "department, created_at_ms) VALUES ('note-verbale', 'Missing persons', 'en', "
           "'restricted', 1, 'europe', 0)";
    sql << "INSERT INTO awaiting (document_id, role, department, since_ms) VALUES "
           "(1, 'drafter', 'europe', 5), (1, 'director', '', 6)";
    for (int i = 0; i < 3; ++i) {
      sql << "INSERT INTO jobs (kind, document_id, payload, run_at_ms, created_at_ms) VALUES "
             "('due', 1, :payload, :at, 0)",
          soci::use("entry=" + std::to_string(i)), soci::use(100 + i);
    }
    sql << "UPDATE jobs SET status = 'done', attempts = 2, claimed_by = 'w1' WHERE id = 2";
  }

  store::StoreOptions options;
  options.url = url;
  store::Store store(options);
  EXPECT_EQ(store.schemaStatus().databaseVersion, 3);
  store.migrate();
  EXPECT_EQ(store.schemaStatus().databaseVersion, store::latestMigration());

  store.write([](soci::session& sql) {
    std::string awaiting;
    std::string jobs;
    sql << "SELECT sql FROM sqlite_master WHERE name = 'awaiting'", soci::into(awaiting);
    sql << "SELECT sql FROM sqlite_master WHERE name = 'jobs'", soci::into(jobs);
    EXPECT_NE(awaiting.find("WITHOUT ROWID"), std::string::npos) << awaiting;
    EXPECT_EQ(jobs.find("AUTOINCREMENT"), std::string::npos) << jobs;

    long long rows = 0;
    sql << "SELECT count(*) FROM awaiting WHERE document_id = 1 AND ((role = 'drafter' AND "
           "department = 'europe' AND since_ms = 5) OR (role = 'director' AND since_ms = 6))",
        soci::into(rows);
    EXPECT_EQ(rows, 2);
    sql << "SELECT count(*) FROM jobs WHERE (id = 1 AND payload = 'entry=0' AND run_at_ms = 100 "
           "AND status = 'pending') OR (id = 2 AND status = 'done' AND attempts = 2 AND "
           "claimed_by = 'w1') OR (id = 3 AND payload = 'entry=2')",
        soci::into(rows);
    EXPECT_EQ(rows, 3);
    sql << "INSERT INTO jobs (kind, document_id, payload, run_at_ms, created_at_ms) VALUES "
           "('due', 1, 'next', 200, 0)";
    long long id = 0;
    sql << "SELECT max(id) FROM jobs", soci::into(id);
    EXPECT_EQ(id, 4);
    std::string check;
    sql << "PRAGMA integrity_check", soci::into(check);
    EXPECT_EQ(check, "ok");
    sql << "SELECT count(*) FROM pragma_foreign_key_check", soci::into(rows);
    EXPECT_EQ(rows, 0);
    sql << "SELECT count(*) FROM sqlite_master WHERE name IN ('awaiting_by_role', 'jobs_due')",
        soci::into(rows);
    EXPECT_EQ(rows, 2);
  });
}

}  // namespace
}  // namespace chancery::testing
