// Writing to a connection the peer has closed raises SIGPIPE, whose default action ends
// the process. Poco and OpenSSL write with plain send()/write(), so every mail socket
// operation runs under this guard: SIGPIPE is blocked in the calling thread, a SIGPIPE
// that became pending meanwhile is consumed, and the thread's mask is restored. The
// write itself then fails with EPIPE, which the caller handles. (Internal.)
#pragma once

#include <csignal>

namespace chancery::mail {

class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t previousMask_;
  bool wasPending_ = false;
  bool blocked_ = false;
};

}  // namespace chancery::mail
