#include "chancery/engine/scheduler.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <vector>

namespace chancery {

struct Scheduler::Impl {
  Impl(Engine& e, SchedulerOptions o) : engine(e), options(std::move(o)), pool(options.workers + 1) {}

  struct Periodic {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<void()> task;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };

  Engine& engine;
  SchedulerOptions options;
  boost::asio::thread_pool pool;
  std::vector<std::unique_ptr<boost::asio::steady_timer>> workerTimers;
  std::vector<Periodic> periodic;
  std::atomic<bool> stopping{false};
  mutable std::mutex mutex;
  JobRunSummary totals;
  std::string lastError;
  bool started = false;

  void record(const std::string& who, const std::exception& e) {
    std::lock_guard lock(mutex);
    lastError = who + ": " + e.what();
  }

  void workerTick(std::size_t i) {
    if (stopping) return;
    bool busy = false;
    try {
      JobRunSummary s =
          engine.runDueJobs(options.name + "-" + std::to_string(i + 1), options.batch);
      busy = s.done + s.failed + s.given_up > 0;
      std::lock_guard lock(mutex);
      totals.done += s.done;
      totals.failed += s.failed;
      totals.given_up += s.given_up;
    } catch (const std::exception& e) {
      record("worker " + std::to_string(i + 1), e);
    }
    if (stopping) return;
    auto& timer = *workerTimers[i];
    timer.expires_after(busy ? std::chrono::milliseconds(0) : options.poll);
    timer.async_wait([this, i](const boost::system::error_code& ec) {
      if (!ec) workerTick(i);
    });
  }

  void periodicTick(std::size_t i) {
    if (stopping) return;
    Periodic& p = periodic[i];
    try {
      p.task();
    } catch (const std::exception& e) {
      record(p.name, e);
    }
    if (stopping) return;
    p.timer->expires_after(p.interval);
    p.timer->async_wait([this, i](const boost::system::error_code& ec) {
      if (!ec) periodicTick(i);
    });
  }
};

Scheduler::Scheduler(Engine& engine, SchedulerOptions options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {
  if (impl_->options.workers == 0) impl_->options.workers = 1;
}

Scheduler::~Scheduler() { stop(); }

void Scheduler::addPeriodic(std::string name, std::chrono::milliseconds interval,
                            std::function<void()> task) {
  impl_->periodic.push_back({std::move(name), interval, std::move(task),
                             std::make_unique<boost::asio::steady_timer>(impl_->pool)});
}

void Scheduler::start() {
  if (impl_->started) return;
  impl_->started = true;
  for (std::size_t i = 0; i < impl_->options.workers; ++i) {
    impl_->workerTimers.push_back(std::make_unique<boost::asio::steady_timer>(impl_->pool));
    boost::asio::post(impl_->pool, [this, i] { impl_->workerTick(i); });
  }
  for (std::size_t i = 0; i < impl_->periodic.size(); ++i) {
    boost::asio::post(impl_->pool, [this, i] { impl_->periodicTick(i); });
  }
}

void Scheduler::stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  // Cancel the timers from the pool itself, where their handlers run.
  boost::asio::post(impl_->pool, [this] {
    for (auto& t : impl_->workerTimers) t->cancel();
    for (auto& p : impl_->periodic) p.timer->cancel();
  });
  impl_->pool.join();
}

JobRunSummary Scheduler::totals() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->totals;
}

std::string Scheduler::lastError() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->lastError;
}

}  // namespace chancery
