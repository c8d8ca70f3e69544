// Dispatch crash test: 500 documents to 5 recipients each are sent by a worker
// process that is killed with SIGKILL at random moments, 50 times, and restarted;
// then it runs to the end. Every dispatch must be sent, none lost, and any message
// delivered twice must carry the same Message-ID both times (the count is printed).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "engine_fixture.hpp"

namespace fs = std::filesystem;
using namespace chancery;

namespace chancery::testing {
std::string freshStoreUrl() { return ""; }
}  // namespace chancery::testing

namespace {

pid_t startChild(const std::string& url, const std::string& workflows, const std::string& sink) {
  pid_t pid = fork();
  if (pid == 0) {
    execl(CHANCERY_DISPATCH_CHILD, CHANCERY_DISPATCH_CHILD, url.c_str(), workflows.c_str(),
          sink.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

}  // namespace

TEST(DispatchCrashTest, KillNineLosesNoDispatchAndResendsKeepTheirMessageId) {
  fs::path dir = fs::temp_directory_path() / ("chancery-dispatch-crash-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string url = "sqlite:" + (dir / "store.db").string();
  std::string sink = (dir / "delivered.log").string();
  const std::string& workflows = chancery::testing::workflowsDir();
  constexpr int kDocuments = 500;
  constexpr int kRecipients = 5;
  {
    store::StoreOptions options;
    options.url = url;
    options.sqliteSynchronous = "NORMAL";  // setting up only; the child runs with FULL
    store::Store store(options);
    store.migrate();
    SystemClock clock;
    Engine engine(store, clock, workflows);
    engine.addUser("clerk", {"clerk"}, "");
    for (int i = 0; i < kDocuments; ++i) {
      NewDocument d;
      d.kind = "quick-dispatch";
      d.subject = "Circular " + std::to_string(i);
      d.drafter = "clerk";
      for (int r = 0; r < kRecipients; ++r) {
        d.recipients.push_back("mission" + std::to_string(r) + "@embassy.test");
      }
      DocumentId id = engine.createDocument(d);
      engine.act({id, "send", "clerk", "", std::nullopt});
    }
  }
  std::mt19937 rng(50);
  constexpr int kKills = 50;
  for (int k = 0; k < kKills; ++k) {
    pid_t pid = startChild(url, workflows, sink);
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 150));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
  }
  // Then let it finish (leases of the last killed worker run out after 300 ms).
  pid_t pid = startChild(url, workflows, sink);
  int status = 0;
  for (int waited = 0; waited < 600; ++waited) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (kill(pid, 0) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "the worker did not finish within 2 minutes";
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  store::StoreOptions options;
  options.url = url;
  store::Store store(options);
  SystemClock clock;
  Engine engine(store, clock, workflows);
  std::map<std::string, std::string> messageOf;  // dispatch message id -> recipient
  long long notSent = 0, dispatches = 0;
  store.read([&](soci::session& s) {
    std::string messageId, recipient, st;
    soci::statement q = (s.prepare << "SELECT message_id, recipient, status FROM dispatches",
                         soci::into(messageId), soci::into(recipient), soci::into(st));
    q.execute();
    while (q.fetch()) {
      ++dispatches;
      messageOf[messageId] = recipient;
      if (st != "sent") ++notSent;
    }
  });
  EXPECT_EQ(dispatches, kDocuments * kRecipients);
  EXPECT_EQ(notSent, 0);
  std::map<std::string, int> deliveries;
  std::ifstream in(sink);
  std::string messageId, recipient;
  while (in >> messageId >> recipient) {
    ASSERT_TRUE(messageOf.count(messageId)) << "delivered a Message-ID no dispatch has: " << messageId;
    EXPECT_EQ(messageOf[messageId], recipient);
    deliveries[messageId]++;
  }
  long long lost = 0, duplicates = 0;
  for (const auto& [id, to] : messageOf) {
    if (!deliveries.count(id)) ++lost;
  }
  for (const auto& [id, n] : deliveries) duplicates += n - 1;
  EXPECT_EQ(lost, 0) << "dispatches recorded as sent but never delivered";
  std::printf("dispatch crash test: %lld dispatches, %d kills, %lld duplicate deliveries "
              "(each with its original Message-ID)\n",
              dispatches, kKills, duplicates);
  for (int i = 1; i <= kDocuments; ++i) EXPECT_EQ(engine.document(i).state, "sent") << i;
  EXPECT_TRUE(engine.verifyAudit().ok);
  fs::remove_all(dir);
}
