// Durable actions per second for the note-verbale workflow (submit / return with
// a comment, each one transaction with its audit event), on SQLite with
// synchronous FULL and NORMAL and on PostgreSQL, with 1 and 2 threads; beside the
// same machine's ceiling, a bare one-row INSERT transaction. And the inbox and act
// at 1,000 and 1,000,000 documents.
//
//   build/tests/engine/engine_benchmark                       (all)
//   CHANCERY_TEST_PG=postgresql://... build/tests/engine/engine_benchmark
//   CHANCERY_BENCH_DOCS=1000000 (the large store; default 1,000,000)
#include <benchmark/benchmark.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "chancery/engine/engine.hpp"

namespace fs = std::filesystem;
using namespace chancery;

namespace {

const char* kBackendNames[] = {"sqlite-FULL", "sqlite-NORMAL", "postgresql"};

std::string benchDir() {
  fs::path d = fs::temp_directory_path() / "chancery-bench";
  fs::create_directories(d);
  return d.string();
}

std::string workflowsDir() { return std::string(CHANCERY_SOURCE_DIR) + "/workflows"; }

std::string freshSqlite(const std::string& name) {
  fs::path file = fs::path(benchDir()) / (name + "-" + std::to_string(getpid()) + ".db");
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(file.string() + s);
  return "sqlite:" + file.string();
}

void addMinistry(Engine& e) {
  e.addUser("aliyev", {"drafter"}, "europe");
  e.addUser("hasanov", {"head-of-division"}, "europe");
  e.addUser("hasanova", {"head-of-division"}, "europe");
}

// One store + engine per backend, shared by the benchmark's threads.
struct Setup {
  std::unique_ptr<store::Store> store;
  SystemClock clock;
  std::unique_ptr<Engine> engine;
};

std::mutex setupMutex;
std::map<int, std::shared_ptr<Setup>> setups;

std::shared_ptr<Setup> setupFor(int backend, std::string* skip) {
  std::lock_guard lock(setupMutex);
  auto it = setups.find(backend);
  if (it != setups.end()) return it->second;
  store::StoreOptions options;
  options.poolSize = 4;
  if (backend == 2) {
    const char* pg = std::getenv("CHANCERY_TEST_PG");
    if (!pg || !*pg) {
      *skip = "set CHANCERY_TEST_PG to a postgresql:// URL to measure PostgreSQL";
      return nullptr;
    }
    soci::session s(soci::postgresql, store::postgresConnectString(pg));
    s << "SET client_min_messages = warning";
    s << "DROP SCHEMA public CASCADE";
    s << "CREATE SCHEMA public";
    options.url = pg;
  } else {
    options.url = freshSqlite(kBackendNames[backend]);
    options.sqliteSynchronous = backend == 0 ? "FULL" : "NORMAL";
  }
  auto setup = std::make_shared<Setup>();
  setup->store = std::make_unique<store::Store>(options);
  setup->store->migrate();
  setup->engine = std::make_unique<Engine>(*setup->store, setup->clock, workflowsDir());
  addMinistry(*setup->engine);
  setups[backend] = setup;
  return setup;
}

DocumentId newNote(Engine& e) {
  NewDocument d;
  d.kind = "note-verbale";
  d.subject = "Missing persons: request for cooperation";
  d.content = "<note-verbale><paragraph>The Ministry presents its compliments.</paragraph></note-verbale>";
  d.recipients = {"embassy.berlin@mfa.test"};
  d.drafter = "aliyev";
  return e.createDocument(d);
}

// submit, return, submit, return ... : every action a durable transaction.
void actLoop(benchmark::State& state, Engine& engine, DocumentId id, const std::string& reviewer) {
  bool inDraft = engine.document(id).state == "draft";
  for (auto _ : state) {
    ActRequest r;
    r.document = id;
    if (inDraft) {
      r.action = "submit";
      r.user = "aliyev";
    } else {
      r.action = "return";
      r.user = reviewer;
      r.comment = "Please cite resolution 73/178.";
    }
    engine.act(r);
    inDraft = !inDraft;
  }
  state.counters["actions/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_DurableAction(benchmark::State& state) {
  int backend = static_cast<int>(state.range(0));
  std::string skip;
  auto setup = setupFor(backend, &skip);
  if (!setup) {
    state.SkipWithError(skip.c_str());
    for (auto _ : state) {
    }
    return;
  }
  DocumentId id = newNote(*setup->engine);
  state.SetLabel(kBackendNames[backend]);
  actLoop(state, *setup->engine, id, state.thread_index() % 2 ? "hasanova" : "hasanov");
}
BENCHMARK(BM_DurableAction)->Arg(0)->Arg(1)->Arg(2)->Threads(1)->Threads(2)->UseRealTime();

// The ceiling: one-row INSERT transactions on the same kind of SQLite file.
void BM_BareInsertCommit(benchmark::State& state) {
  bool full = state.range(0) == 0;
  std::string url = freshSqlite(full ? "bare-full" : "bare-normal");
  soci::session s(soci::sqlite3, "db=" + url.substr(7));
  std::string mode;
  s << "PRAGMA journal_mode = WAL", soci::into(mode);
  s << std::string("PRAGMA synchronous = ") + (full ? "FULL" : "NORMAL");
  s << "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)";
  std::string v = "value";
  soci::statement insert = (s.prepare << "INSERT INTO t (v) VALUES (:v)", soci::use(v));
  for (auto _ : state) {
    s << "BEGIN IMMEDIATE";
    insert.execute(true);
    s << "COMMIT";
  }
  state.SetLabel(full ? "sqlite-FULL" : "sqlite-NORMAL");
  state.counters["commits/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BareInsertCommit)->Arg(0)->Arg(1)->UseRealTime();

// A store with N documents: most closed, 1% awaiting the head of division.
struct LargeStore {
  std::unique_ptr<store::Store> store;
  ManualClock clock{1'790'000'000'000};
  std::unique_ptr<Engine> engine;
  DocumentId live = 0;
};

std::map<long long, std::shared_ptr<LargeStore>> largeStores;

std::shared_ptr<LargeStore> largeStore(long long docs) {
  std::lock_guard lock(setupMutex);
  if (auto it = largeStores.find(docs); it != largeStores.end()) return it->second;
  auto ls = std::make_shared<LargeStore>();
  store::StoreOptions options;
  options.url = freshSqlite("large-" + std::to_string(docs));
  options.sqliteSynchronous = "FULL";
  ls->store = std::make_unique<store::Store>(options);
  ls->store->migrate();
  ls->engine = std::make_unique<Engine>(*ls->store, ls->clock, workflowsDir());
  addMinistry(*ls->engine);
  DocumentId first = newNote(*ls->engine);
  long long definitionId = 0, drafterId = 0;
  ls->store->read([&](soci::session& s) {
    s << "SELECT definition_id FROM instances WHERE document_id = :d", soci::use(first),
        soci::into(definitionId);
    s << "SELECT id FROM users WHERE name = 'aliyev'", soci::into(drafterId);
  });
  ls->store->write([&](soci::session& s) {
    constexpr std::size_t kBatch = 10000;
    std::vector<long long> ids(kBatch), created(kBatch), versions(kBatch), entries(kBatch),
        drafters(kBatch, drafterId), definitions(kBatch, definitionId);
    std::vector<std::string> states(kBatch);
    for (long long base = first + 1; base <= first + docs; base += kBatch) {
      std::size_t n = static_cast<std::size_t>(std::min<long long>(kBatch, first + docs - base + 1));
      ids.resize(n), created.resize(n), states.resize(n), versions.resize(n), entries.resize(n);
      drafters.resize(n), definitions.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        ids[i] = base + static_cast<long long>(i);
        created[i] = ls->clock.nowMs() - (docs - ids[i]) * 1000;
        states[i] = ids[i] % 100 == 0 ? "division-review" : "closed";
        versions[i] = 5;
        entries[i] = 5;
      }
      s << "INSERT INTO documents (id, kind, subject, language, classification, drafter_id, "
           "department, created_at_ms) VALUES (:id, 'note-verbale', 'Bulk note', 'en', "
           "'unclassified', :drafter, 'europe', :t)",
          soci::use(ids), soci::use(drafters), soci::use(created);
      s << "INSERT INTO revisions (document_id, number, content, sha256, author_id, "
           "created_at_ms) VALUES (:id, 1, '<note-verbale/>', 'x', :drafter, :t)",
          soci::use(ids), soci::use(drafters), soci::use(created);
      s << "INSERT INTO instances (document_id, definition_id, state, row_version, entry, "
           "entered_at_ms, revision) VALUES (:id, :def, :state, :v, :e, :t, 1)",
          soci::use(ids), soci::use(definitions), soci::use(states), soci::use(versions),
          soci::use(entries), soci::use(created);
    }
    s << "INSERT INTO awaiting (document_id, role, department, since_ms) SELECT document_id, "
         "'head-of-division', '', entered_at_ms FROM instances WHERE state = 'division-review'";
  });
  ls->live = newNote(*ls->engine);
  largeStores[docs] = ls;
  return ls;
}

long long largeCount() {
  const char* env = std::getenv("CHANCERY_BENCH_DOCS");
  return env ? std::atoll(env) : 1'000'000;
}

void BM_Inbox(benchmark::State& state) {
  auto ls = largeStore(state.range(0) == 0 ? 1000 : largeCount());
  for (auto _ : state) {
    auto items = ls->engine->inbox("hasanov", 50);
    benchmark::DoNotOptimize(items);
  }
  state.SetLabel(std::to_string(state.range(0) == 0 ? 1000 : largeCount()) + " documents");
}
BENCHMARK(BM_Inbox)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_ActAtSize(benchmark::State& state) {
  auto ls = largeStore(state.range(0) == 0 ? 1000 : largeCount());
  state.SetLabel(std::to_string(state.range(0) == 0 ? 1000 : largeCount()) + " documents");
  actLoop(state, *ls->engine, ls->live, "hasanov");
}
BENCHMARK(BM_ActAtSize)->Arg(0)->Arg(1)->UseRealTime();

}  // namespace
