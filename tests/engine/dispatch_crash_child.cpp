// The worker of the dispatch crash test: runs due jobs, "delivering" each message
// by appending "MESSAGE-ID RECIPIENT" to a sink file (fsynced) before reporting it
// sent, until no job is left. Usage: dispatch_crash_child DB_URL WORKFLOWS SINK
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "chancery/engine/engine.hpp"

namespace {

class SinkChannel : public chancery::Channel {
 public:
  explicit SinkChannel(const char* path) : fd_(open(path, O_WRONLY | O_APPEND | O_CREAT, 0644)) {}
  chancery::SendOutcome send(const chancery::OutgoingMessage& m) override {
    std::string line = m.messageId + " " + m.to + "\n";
    if (write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || fsync(fd_) != 0) {
      return {chancery::SendStatus::kDeferred, "sink write failed"};
    }
    return {chancery::SendStatus::kSent, "250 2.0.0 Ok: queued"};
  }

 private:
  int fd_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  chancery::store::StoreOptions options;
  options.url = argv[1];
  options.poolSize = 2;
  chancery::store::Store store(options);
  chancery::SystemClock clock;
  chancery::Engine engine(store, clock, argv[2]);
  chancery::EngineSettings settings;
  settings.jobLease = std::chrono::milliseconds(300);  // a killed worker's jobs return soon
  engine.configure(settings);
  engine.registerChannel("email", std::make_shared<SinkChannel>(argv[3]));
  while (engine.pendingJobs() > 0) {
    if (engine.runDueJobs("crash-child", 20).done == 0) usleep(50 * 1000);
  }
  return 0;
}
