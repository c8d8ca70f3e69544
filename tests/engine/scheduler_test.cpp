// The Asio worker pool: due jobs are claimed and run by several workers, each job
// once; periodic tasks run; a throwing task is reported, not fatal.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "chancery/engine/scheduler.hpp"
#include "engine_fixture.hpp"

namespace chancery::testing {
std::string freshStoreUrl() {
  namespace fs = std::filesystem;
  fs::path file = fs::temp_directory_path() / ("chancery-scheduler-" + std::to_string(getpid()) + ".db");
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(file.string() + s);
  return "sqlite:" + file.string();
}
}  // namespace chancery::testing

using namespace chancery;

using chancery::testing::EngineTest;
using SchedulerTest = EngineTest;

TEST_F(SchedulerTest, WorkersRunEveryDueJobOnce) {
  engine().addUser("clerk", {"clerk"}, "");
  constexpr int kDocs = 30;
  std::vector<DocumentId> docs;
  for (int i = 0; i < kDocs; ++i) {
    NewDocument d;
    d.kind = "guarded";
    d.subject = "timed " + std::to_string(i);
    d.drafter = "clerk";
    d.content = "<guarded urgent=\"yes\" not-before=\"2026-11-28T10:00:00Z\"/>";
    DocumentId id = engine().createDocument(d);
    engine().act({id, "send", "clerk", "", std::nullopt});
    docs.push_back(id);
  }
  clock_.set(parseUtc("2026-11-28T10:00:01Z"));
  SchedulerOptions options;
  options.workers = 3;
  options.poll = std::chrono::milliseconds(20);
  options.batch = 4;
  Scheduler scheduler(engine(), options);
  std::atomic<int> polls{0};
  scheduler.addPeriodic("mailbox", std::chrono::milliseconds(10), [&] {
    if (++polls == 2) throw std::runtime_error("POP3 server unreachable");
  });
  scheduler.start();
  for (int i = 0; i < 500 && engine().pendingJobs() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  scheduler.stop();
  EXPECT_EQ(engine().pendingJobs(), 0);
  EXPECT_EQ(scheduler.totals().done, kDocs);
  for (DocumentId id : docs) EXPECT_EQ(engine().document(id).state, "done") << id;
  EXPECT_GE(polls.load(), 3) << "the periodic task goes on after throwing";
  EXPECT_NE(scheduler.lastError().find("POP3 server unreachable"), std::string::npos);
  long long stepDone = count("SELECT count(*) FROM events WHERE kind = 'step-done'");
  EXPECT_EQ(stepDone, kDocs) << "each job ran exactly once";
}
