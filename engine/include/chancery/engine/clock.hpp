// Time, behind an interface so tests can move it. Times in the store are
// milliseconds since the Unix epoch, UTC.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace chancery {

using Millis = long long;  // SOCI binds long long on every platform

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis nowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis nowMs() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start) : now_(start) {}
  Millis nowMs() const override { return now_.load(); }
  void set(Millis t) { now_.store(t); }
  void advance(std::chrono::milliseconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<Millis> now_;
};

// "2026-11-28T09:30:00Z" (seconds precision) and back; parse returns -1 when invalid.
std::string formatUtc(Millis t);
Millis parseUtc(const std::string& iso);
int yearOf(Millis t);

}  // namespace chancery
