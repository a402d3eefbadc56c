// The pool split of call_pool.h: ForRange covers [0, n) once with and without a pool, the row
// counts per piece, and rill_rt_parallel_range keeps the first failure in range order.
#include "compiler/codegen/call_pool.h"

#include <cstdint>
#include <mutex>
#include <vector>

#include "compiler/codegen/call_abi.h"
#include "gtest/gtest.h"
#include "runtime/thread_pool.h"

namespace rill::codegen {
namespace {

TEST(CallPoolTest, ForRangeCoversEveryIndexOnce) {
  const int64_t n = 10000;
  for (void* pool :
       {static_cast<void*>(nullptr), static_cast<void*>(runtime::SharedThreadPool(2))}) {
    std::vector<int32_t> visits(n, 0);
    std::mutex mu;
    int pieces = 0;
    ForRange(pool, n, 100, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) ++visits[i];
      std::lock_guard<std::mutex> lock(mu);
      ++pieces;
    });
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(visits[i], 1) << i;
    if (pool == nullptr) {
      EXPECT_EQ(pieces, 1);
    }
  }
}

TEST(CallPoolTest, MinRowsPerShardIsAbout16KElementsAndAtLeastOneRow) {
  EXPECT_EQ(MinRowsPerShard(1), 16384);
  EXPECT_EQ(MinRowsPerShard(0), 16384);
  EXPECT_EQ(MinRowsPerShard(33), 16384 / 33);
  EXPECT_EQ(MinRowsPerShard(100000), 1);
}

// A range function over a [n] array: marks its range and fails (code 1 + position's parity) at
// every position holding a nonzero "fail" flag, keeping the first failure like a kernel does.
struct RangeArgs {
  std::vector<int32_t> visits;
  std::vector<int32_t> fail;
};
int32_t MarkRange(void* args, int64_t begin, int64_t end) {
  auto* a = static_cast<RangeArgs*>(args);
  int32_t code = 0;
  for (int64_t i = begin; i < end; ++i) {
    ++a->visits[i];
    if (code == 0 && a->fail[i] != 0) code = a->fail[i];
  }
  return code;
}

TEST(CallPoolTest, ParallelRangeCoversEveryIndexOnceAndKeepsTheFirstFailure) {
  const int64_t n = 1001;
  for (void* pool :
       {static_cast<void*>(nullptr), static_cast<void*>(runtime::SharedThreadPool(2))}) {
    RangeArgs args{std::vector<int32_t>(n, 0), std::vector<int32_t>(n, 0)};
    EXPECT_EQ(rill_rt_parallel_range(pool, n, 10, &MarkRange, &args), 0);
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(args.visits[i], 1) << i;
    // Failures in both halves: the earlier one wins.
    args.fail[n - 3] = 7;
    args.fail[200] = 4;
    EXPECT_EQ(rill_rt_parallel_range(pool, n, 10, &MarkRange, &args), 4);
    args.fail[200] = 0;
    EXPECT_EQ(rill_rt_parallel_range(pool, n, 10, &MarkRange, &args), 7);
  }
}

}  // namespace
}  // namespace rill::codegen
