// ThreadPool: the runtime's worker threads. Native kernels split their work with ParallelFor; the
// split depends only on the problem size and the thread count the caller asks for, and kernels
// partition OUTPUT elements only (never a reduction), so 1- and N-thread results are bitwise equal.
#ifndef RILL_RUNTIME_THREAD_POOL_H_
#define RILL_RUNTIME_THREAD_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rill::runtime {

class ThreadPool {
 public:
  // `num_threads` >= 1 counts the calling thread: a pool of 2 starts one worker. Values < 1 are
  // treated as 1 (callers validate user-facing thread counts and report errors themselves).
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return num_threads_; }

  // Runs fn(shard) for shard in [0, num_shards) and returns when all have finished. The caller
  // runs shards too. Waiting threads (idle workers, a caller whose shards are done) poll for up
  // to 100 us before they sleep: waking a sleeping one costs about 9 us on a 2-vCPU VM, a large
  // part of a small product. Shards are handed out dynamically, so fn must not depend on which
  // thread runs it. With num_shards <= 1 or a 1-thread pool, runs inline (no synchronisation cost).
  // Safe to call from several threads: while one caller's shards run, another caller runs its
  // shards inline (same results, no deadlock); fn may therefore also call ParallelFor.
  void ParallelFor(int64_t num_shards, const std::function<void(int64_t shard)>& fn);

  // Splits [0, n) into at most num_threads() contiguous ranges of at least `min_per_shard`
  // elements each (one range when n is small) and runs fn(begin, end) on each.
  void ParallelForRange(int64_t n, int64_t min_per_shard,
                        const std::function<void(int64_t begin, int64_t end)>& fn);

 private:
  void WorkerLoop();
  void RunShards();

  const int num_threads_;
  std::vector<std::thread> workers_;
  std::mutex call_mu_;  // held by the caller whose shards the workers run
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  // The job being run. Written under mu_; generation_, shards_done_ and stop_ are atomics so that
  // waiting threads can poll them without the lock before they sleep (kSpin in thread_pool.cc).
  const std::function<void(int64_t)>* job_ = nullptr;
  int64_t job_shards_ = 0;
  int64_t next_shard_ = 0;
  std::atomic<int64_t> shards_done_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
};

// A process-wide pool for `num_threads` threads (created on first use, one per distinct count,
// never destroyed): compiled plans of sessions with the same thread count share workers.
ThreadPool* SharedThreadPool(int num_threads);

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_THREAD_POOL_H_
