// Workers on a Boost.Asio thread pool that claim and run due jobs, and periodic
// tasks (such as polling the registry mailbox). Timers only wake workers: what is
// due is always read from the jobs table, so a restart loses nothing.
//
// Threads: start/stop from one controlling thread. An exception inside a worker is
// captured (lastError) and the worker carries on after its poll interval: nothing
// throws out of an Asio handler.
#pragma once

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "chancery/engine/engine.hpp"

namespace chancery {

struct SchedulerOptions {
  std::size_t workers = 2;                          // concurrent job workers
  std::chrono::milliseconds poll{1000};             // idle wait between looks at the queue
  std::size_t batch = 50;                           // jobs a worker runs before yielding
  std::string name = "worker";                      // claimant names: NAME-1, NAME-2 ...
};

class Scheduler {
 public:
  Scheduler(Engine& engine, SchedulerOptions options);
  ~Scheduler();  // stops and waits
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs `task` every `interval` on the pool (e.g. mail polling). Before start().
  void addPeriodic(std::string name, std::chrono::milliseconds interval, std::function<void()> task);
  void start();
  // Asks every worker to stop after its current job and waits for them.
  void stop();

  JobRunSummary totals() const;
  // The last exception a worker or task caught, with what raised it; empty if none.
  std::string lastError() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery
