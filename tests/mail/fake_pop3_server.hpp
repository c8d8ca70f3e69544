// A fake POP3 server for Pop3Mailbox's tests: one mailbox, RFC 1939 semantics for
// DELE (marks) and QUIT (deletes), optional UIDL / TOP, scripted faults.
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace chancery::mail::testing {

struct Pop3Script {
  std::string user = "registry@mfa.test";
  std::string password = "test";
  bool uidl = true;
  bool top = true;
  int dropDuringRetrOf = 0;  // message number whose RETR breaks off halfway (0: none)
  long firstSizeDelta = 0;   // added to the size LIST reports for message 1
};

class FakePop3Server {
 public:
  FakePop3Server(std::vector<std::string> messages, Pop3Script script = {});
  ~FakePop3Server();
  FakePop3Server(const FakePop3Server&) = delete;
  FakePop3Server& operator=(const FakePop3Server&) = delete;

  std::uint16_t port() const { return port_; }
  std::vector<std::string> mailbox() const;   // what is left
  std::vector<std::string> commands() const;  // every line received
  void stop();

 private:
  void acceptLoop();
  void serve(Poco::Net::StreamSocket socket);

  Pop3Script script_;
  Poco::Net::ServerSocket listener_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> mailbox_;
  std::vector<std::string> commands_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

}  // namespace chancery::mail::testing
