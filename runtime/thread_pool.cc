// ThreadPool: a fixed set of workers that run the shards of one ParallelFor at a time.
#include "runtime/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

namespace rill::runtime {
namespace {
// True while this thread runs a shard: nested ParallelFor calls then run inline (never try to
// lock call_mu_ the thread may already hold).
thread_local bool in_shard = false;

struct ShardScope {
  bool saved = in_shard;
  ShardScope() { in_shard = true; }
  ~ShardScope() { in_shard = saved; }
};

// How long a waiting thread polls before it sleeps on a condition variable. On the 2-vCPU
// development VM an empty 2-shard ParallelFor took about 9 us with the worker asleep (futex wake,
// and an interrupt to an idle vCPU) and 0.2-1 us with it polling; 50-100 us fully connected
// products ran at 245 GFLOP/s on 2 threads (no faster than on 1) when every call woke the worker
// and at 410-470 with polling. A training step's kernels follow each other more closely than
// this, so the worker is still polling when the next one starts; after it, an idle pool sleeps.
constexpr auto kSpin = std::chrono::microseconds(100);

// Polls `done` until it holds (true) or kSpin has passed (false).
template <typename Done>
bool SpinUntil(const Done& done) {
  const auto deadline = std::chrono::steady_clock::now() + kSpin;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    if (std::chrono::steady_clock::now() >= deadline) return done();
    // Lets a thread that shares this core run (a pool larger than the machine, or a busy one);
    // returns at once when nothing else is runnable here. (4 threads on 2 cores, 30 us shards
    // between 60 us of serial work: 187 us per round polling without it, 122 with it, 164
    // sleeping at once; the ideal is 120.)
    std::this_thread::yield();
  }
}
}  // namespace

ThreadPool::ThreadPool(int num_threads) : num_threads_(std::max(1, num_threads)) {
  for (int i = 1; i < num_threads_; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_.store(true, std::memory_order_release);
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::RunShards() {
  // Called with mu_ NOT held; claims shards one by one under the lock (shards are coarse).
  for (;;) {
    int64_t shard;
    const std::function<void(int64_t)>* job;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (job_ == nullptr || next_shard_ >= job_shards_) return;
      shard = next_shard_++;
      job = job_;
    }
    {
      ShardScope scope;
      (*job)(shard);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (shards_done_.fetch_add(1, std::memory_order_acq_rel) + 1 == job_shards_) {
        done_cv_.notify_all();
      }
    }
  }
}

void ThreadPool::WorkerLoop() {
  uint64_t seen = 0;
  const auto has_work = [&] {
    return stop_.load(std::memory_order_acquire) ||
           generation_.load(std::memory_order_acquire) != seen;
  };
  for (;;) {
    SpinUntil(has_work);
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, has_work);
      if (stop_.load(std::memory_order_relaxed)) return;
      seen = generation_.load(std::memory_order_relaxed);
    }
    RunShards();
  }
}

void ThreadPool::ParallelFor(int64_t num_shards, const std::function<void(int64_t)>& fn) {
  if (num_shards <= 0) return;
  std::unique_lock<std::mutex> call(call_mu_, std::defer_lock);
  if (num_shards == 1 || num_threads_ == 1 || in_shard || !call.try_lock()) {
    for (int64_t s = 0; s < num_shards; ++s) fn(s);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = &fn;
    job_shards_ = num_shards;
    next_shard_ = 0;
    shards_done_.store(0, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  work_cv_.notify_all();
  RunShards();
  const auto all_done = [&] {
    return shards_done_.load(std::memory_order_acquire) == num_shards;
  };
  SpinUntil(all_done);
  std::unique_lock<std::mutex> lock(mu_);
  done_cv_.wait(lock, all_done);
  job_ = nullptr;
}

void ThreadPool::ParallelForRange(int64_t n, int64_t min_per_shard,
                                  const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  const int64_t min_size = std::max<int64_t>(1, min_per_shard);
  const int64_t shards = std::clamp<int64_t>(n / min_size, 1, num_threads_);
  const int64_t base = n / shards, extra = n % shards;
  ParallelFor(shards, [&](int64_t s) {
    const int64_t begin = s * base + std::min(s, extra);
    fn(begin, begin + base + (s < extra ? 1 : 0));
  });
}

ThreadPool* SharedThreadPool(int num_threads) {
  static std::mutex mu;
  static auto* pools = new std::map<int, std::unique_ptr<ThreadPool>>();
  const int n = std::max(1, num_threads);
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<ThreadPool>& pool = (*pools)[n];
  if (pool == nullptr) pool = std::make_unique<ThreadPool>(n);
  return pool.get();
}

}  // namespace rill::runtime
