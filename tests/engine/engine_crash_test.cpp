// Crash test: a child process acts in a loop and is killed with SIGKILL at random
// moments, 200 times. After each kill the SQLite database passes integrity_check,
// the audit chain verifies, every change the child reported as committed is there,
// and registry numbers stay gapless.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "chancery/engine/engine.hpp"
#include "engine_fixture.hpp"

namespace fs = std::filesystem;
using namespace chancery;

namespace chancery::testing {
std::string freshStoreUrl() { return ""; }  // unused: this test manages its own file
}  // namespace chancery::testing

namespace {

// Runs the child for `ms` milliseconds, kills it with SIGKILL, returns what it said.
std::string runAndKill(const std::string& url, const std::string& workflows, int seed, int ms) {
  int out[2];
  if (pipe(out) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::string s = std::to_string(seed);
    execl(CHANCERY_CRASH_CHILD, CHANCERY_CRASH_CHILD, url.c_str(), workflows.c_str(), s.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  kill(pid, SIGKILL);
  std::string said;
  char buf[4096];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) said.append(buf, static_cast<std::size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the child ended on its own: " << said.substr(0, 500);
  return said;
}

}  // namespace

TEST(CrashTest, KillNineLosesNothingThatWasCommitted) {
  fs::path dir = fs::temp_directory_path() / ("chancery-crash-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string url = "sqlite:" + (dir / "crash.db").string();
  const std::string& workflows = chancery::testing::workflowsDir();
  std::mt19937 rng(20261128);
  std::map<DocumentId, long long> lastVersion;    // highest committed row version seen
  std::map<DocumentId, std::string> numbers;      // registry numbers reported
  constexpr int kKills = 200;
  for (int round = 0; round < kKills; ++round) {
    int ms = 20 + static_cast<int>(rng() % 120);
    std::istringstream said(runAndKill(url, workflows, round, ms));
    std::string word;
    while (said >> word) {
      DocumentId id = 0;
      if (word == "moved") {
        long long version = 0;
        if (!(said >> id >> version)) break;  // the last line may be cut by the kill
        lastVersion[id] = std::max(lastVersion[id], version);
      } else if (word == "registered") {
        std::string number;
        if (!(said >> id >> number)) break;
        numbers[id] = number;
      } else if (word == "created") {
        said >> id;
      }
    }
    // After every kill: the file is sound, and the chain and the reports hold.
    store::StoreOptions options;
    options.url = url;
    options.poolSize = 1;
    store::Store store(options);
    std::string integrity;
    store.read([&](soci::session& s) { s << "PRAGMA integrity_check", soci::into(integrity); });
    ASSERT_EQ(integrity, "ok") << "after kill " << round;
    if (store.schemaStatus().databaseVersion == 0) continue;  // killed before the first commit
    ManualClock clock(0);
    Engine engine(store, clock, workflows);
    AuditReport audit = engine.verifyAudit();
    ASSERT_TRUE(audit.ok) << "after kill " << round << ": " << audit.problem;
    for (const auto& [id, version] : lastVersion) {
      ASSERT_GE(engine.document(id).rowVersion, version)
          << "a committed change to document " << id << " was lost after kill " << round;
    }
    for (const auto& [id, number] : numbers) {
      ASSERT_EQ(engine.document(id).registryNumber.value_or(""), number) << "after kill " << round;
    }
    long long registered = 0, maxSeq = 0;
    store.read([&](soci::session& s) {
      s << "SELECT count(*) FROM instances WHERE registry_number IS NOT NULL",
          soci::into(registered);
      soci::indicator ind;
      s << "SELECT max(last_seq) FROM registry_series", soci::into(maxSeq, ind);
    });
    ASSERT_EQ(registered, maxSeq) << "registry numbers have a gap after kill " << round;
  }
  EXPECT_GT(lastVersion.size(), 10u) << "the child did too little work to prove anything";
  EXPECT_GT(numbers.size(), 50u);
  fs::remove_all(dir);
}
