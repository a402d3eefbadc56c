// Tests for ThreadPool: every shard runs exactly once, ranges tile [0, n), concurrent callers,
// workers woken while polling or asleep.
#include "runtime/thread_pool.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace rill::runtime {
namespace {

TEST(ThreadPoolTest, EveryShardRunsOnce) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.num_threads(), threads);
    for (int64_t shards : {0, 1, 2, 7, 100}) {
      std::vector<std::atomic<int>> hits(shards);
      pool.ParallelFor(shards, [&](int64_t s) { hits[s]++; });
      for (int64_t s = 0; s < shards; ++s) EXPECT_EQ(hits[s].load(), 1) << threads << " " << s;
    }
  }
}

TEST(ThreadPoolTest, RangesTileTheInterval) {
  ThreadPool pool(2);
  for (int64_t n : {1, 5, 64, 65, 1000}) {
    std::vector<std::atomic<int>> hits(n);
    std::atomic<int> calls{0};
    pool.ParallelForRange(n, 32, [&](int64_t b, int64_t e) {
      calls++;
      EXPECT_LT(b, e);
      for (int64_t i = b; i < e; ++i) hits[i]++;
    });
    for (int64_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1);
    EXPECT_EQ(calls.load(), n >= 64 ? 2 : 1) << n;  // split only when each part has 32
  }
}

TEST(ThreadPoolTest, WorkersReallyRunInParallel) {
  ThreadPool pool(2);
  std::atomic<int> arrived{0};
  // Each shard waits for the other: finishes only if two threads run at once.
  pool.ParallelFor(2, [&](int64_t) {
    arrived++;
    while (arrived.load() < 2) std::this_thread::yield();
  });
  EXPECT_EQ(arrived.load(), 2);
}

TEST(ThreadPoolTest, ConcurrentCallersAndNestedCalls) {
  ThreadPool pool(2);
  std::atomic<int64_t> total{0};
  auto work = [&] {
    for (int r = 0; r < 200; ++r) {
      pool.ParallelFor(4,
                       [&](int64_t s) { pool.ParallelFor(2, [&](int64_t t) { total += s + t; }); });
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  // Per outer call: sum over s in 0..3, t in 0..1 of (s + t) = 2*6 + 4*1 = 16.
  EXPECT_EQ(total.load(), 2 * 200 * 16);
}

// Idle workers poll for a while, then sleep: calls that find them either way run every shard, and
// the caller, whether it polls or sleeps until the last shard ends, returns only after it.
TEST(ThreadPoolTest, WorkersPollingOrSleepingBothRunTheJob) {
  ThreadPool pool(2);
  for (int gap_us : {0, 10, 300, 3000}) {
    for (int r = 0; r < 20; ++r) {
      std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
      std::atomic<int> done{0};
      pool.ParallelFor(2, [&](int64_t s) {
        // The second shard outlasts the caller's poll now and then.
        if (s == 1 && r % 5 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        done++;
      });
      EXPECT_EQ(done.load(), 2) << gap_us << " " << r;
    }
  }
}

// Destroying a pool right after a job (workers still polling) or long after (asleep) joins them.
TEST(ThreadPoolTest, DestroysWithWorkersPollingOrAsleep) {
  for (int gap_us : {0, 3000}) {
    auto pool = std::make_unique<ThreadPool>(3);
    std::atomic<int> done{0};
    pool->ParallelFor(3, [&](int64_t) { done++; });
    std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
    pool.reset();
    EXPECT_EQ(done.load(), 3);
  }
}

TEST(ThreadPoolTest, SharedPoolsAreCachedPerCount) {
  EXPECT_EQ(SharedThreadPool(2), SharedThreadPool(2));
  EXPECT_NE(SharedThreadPool(1), SharedThreadPool(2));
  EXPECT_EQ(SharedThreadPool(0)->num_threads(), 1);
}

}  // namespace
}  // namespace rill::runtime
