// DropFolderChannel: the same bytes as MessageBuilder, written atomically, idempotently.
#include "chancery/files/drop_folder_channel.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "chancery/mail/message_builder.hpp"
#include "sample_messages.hpp"

namespace chancery::files {
namespace {

namespace fs = std::filesystem;
using chancery::mail::testing::sampleMessage;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    names.push_back(fs::relative(entry.path(), dir).string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class DropFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("chancery-drop-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path folder_;
};

TEST_F(DropFolder, WritesMessageBuilderBytesAndTheAttachments) {
  DropFolderChannel channel(folder_);  // creates the folder
  const OutgoingMessage m = sampleMessage(17, 50'000);
  const SendOutcome outcome = channel.send(m);
  ASSERT_EQ(outcome.status, SendStatus::kSent) << outcome.reply;
  EXPECT_NE(outcome.reply.find("dispatch-17.eml"), std::string::npos);
  EXPECT_EQ(slurp(folder_ / "dispatch-17.eml"), chancery::mail::MessageBuilder().build(m));
  EXPECT_EQ(slurp(folder_ / "dispatch-17.files" / "NV-0001-2026.pdf"), m.attachments[0].bytes);
  EXPECT_EQ(listing(folder_), (std::vector<std::string>{"dispatch-17.eml", "dispatch-17.files",
                                                        "dispatch-17.files/NV-0001-2026.pdf"}))
      << "no temporary files left";
}

TEST_F(DropFolder, SameDispatchSameFilesSameBytes) {
  DropFolderChannel channel(folder_);
  const OutgoingMessage m = sampleMessage(17);
  ASSERT_EQ(channel.send(m).status, SendStatus::kSent);
  const std::string first = slurp(folder_ / "dispatch-17.eml");
  const auto names = listing(folder_);
  ASSERT_EQ(channel.send(m).status, SendStatus::kSent);
  ASSERT_EQ(DropFolderChannel(folder_).send(m).status, SendStatus::kSent);
  EXPECT_EQ(slurp(folder_ / "dispatch-17.eml"), first);
  EXPECT_EQ(listing(folder_), names);
  EXPECT_EQ(channel.pathsFor(m),
            (std::vector<fs::path>{folder_ / "dispatch-17.eml",
                                   folder_ / "dispatch-17.files" / "NV-0001-2026.pdf"}));
}

TEST_F(DropFolder, ReadersNeverSeeAPartialFile) {
  DropFolderChannel channel(folder_);
  const OutgoingMessage m = sampleMessage(17, 2'000'000);
  const std::string expected = chancery::mail::MessageBuilder().build(m);
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, partial{0};
  std::thread reader([&] {
    while (!done.load()) {
      if (fs::exists(folder_ / "dispatch-17.eml")) {
        const std::string seen = slurp(folder_ / "dispatch-17.eml");
        if (!seen.empty() || fs::exists(folder_ / "dispatch-17.eml")) {
          ++reads;
          if (seen != expected) ++partial;
        }
      }
    }
  });
  for (int i = 0; i < 10; ++i) ASSERT_EQ(channel.send(m).status, SendStatus::kSent);
  done = true;
  reader.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(partial.load(), 0);
}

TEST_F(DropFolder, NoEmlWhenTheAttachmentsCannotBeWritten) {
  DropFolderChannel channel(folder_);
  std::ofstream(folder_ / "dispatch-17.files") << "in the way";
  const SendOutcome outcome = channel.send(sampleMessage(17));
  EXPECT_EQ(outcome.status, SendStatus::kDeferred) << outcome.reply;
  EXPECT_FALSE(fs::exists(folder_ / "dispatch-17.eml"));
}

TEST_F(DropFolder, RefusedMessagesWriteNothing) {
  DropFolderChannel channel(folder_);
  OutgoingMessage injected = sampleMessage(17);
  injected.subject += "\r\nBcc: x@example.org";
  EXPECT_EQ(channel.send(injected).status, SendStatus::kFailed);
  for (const char* id : {"../escape", "a/b", ".hidden", ""}) {
    OutgoingMessage m = sampleMessage(18);
    m.envelopeId = id;
    const SendOutcome outcome = channel.send(m);
    EXPECT_EQ(outcome.status, SendStatus::kFailed) << id;
  }
  OutgoingMessage traversal = sampleMessage(19);
  traversal.attachments[0].filename = "../../etc/cron.d/x";
  EXPECT_EQ(channel.send(traversal).status, SendStatus::kFailed);
  EXPECT_TRUE(listing(folder_).empty());
  EXPECT_FALSE(fs::exists(folder_.parent_path() / "escape.eml"));
}

TEST_F(DropFolder, RepeatedAttachmentNamesAreNumbered) {
  DropFolderChannel channel(folder_);
  OutgoingMessage m = sampleMessage(17, 100);
  m.attachments.push_back({"NV-0001-2026.pdf", "application/pdf", "second"});
  m.attachments.push_back({"annex", "text/plain", "third"});
  m.attachments.push_back({"annex", "text/plain", "fourth"});
  ASSERT_EQ(channel.send(m).status, SendStatus::kSent);
  const fs::path dir = folder_ / "dispatch-17.files";
  EXPECT_EQ(slurp(dir / "NV-0001-2026 (2).pdf"), "second");
  EXPECT_EQ(slurp(dir / "annex"), "third");
  EXPECT_EQ(slurp(dir / "annex (2)"), "fourth");
}

TEST_F(DropFolder, ConcurrentDispatches) {
  DropFolderChannel channel(folder_);
  for (int threads : {1, 4}) {
    std::vector<std::thread> workers;
    std::atomic<int> sent{0};
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (int i = 0; i < 5; ++i) {
          if (channel.send(sampleMessage(100 * threads + t * 10 + i)).status == SendStatus::kSent) {
            ++sent;
          }
        }
      });
    }
    for (auto& w : workers) w.join();
    EXPECT_EQ(sent.load(), threads * 5);
  }
  int emls = 0;
  for (const auto& name : listing(folder_)) {
    EXPECT_NE(name.front(), '.') << name;
    if (name.size() > 4 && name.substr(name.size() - 4) == ".eml") ++emls;
  }
  EXPECT_EQ(emls, 25);
}

TEST_F(DropFolder, FolderMustBeUsable) {
  std::ofstream(folder_.string() + "-file") << "x";
  EXPECT_THROW(DropFolderChannel(folder_.string() + "-file"), std::invalid_argument);
  fs::remove(folder_.string() + "-file");
}

}  // namespace
}  // namespace chancery::files
