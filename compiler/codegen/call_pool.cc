// The thread-pool split of call_pool.h and the entry point rill_rt_parallel_range that element-wise
// and loop kernels hand their outermost loop to.
#include "compiler/codegen/call_pool.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

#include "compiler/codegen/call_abi.h"

namespace rill::codegen {

void ForRange(void* pool, int64_t n, int64_t min_per_shard,
              const std::function<void(int64_t, int64_t)>& fn) {
  if (pool == nullptr) {
    fn(0, n);
    return;
  }
  CallPool(pool)->ParallelForRange(n, min_per_shard, fn);
}

int64_t MinRowsPerShard(int64_t columns) {
  return std::max<int64_t>(1, 16384 / std::max<int64_t>(1, columns));
}

}  // namespace rill::codegen

extern "C" {

int32_t rill_rt_parallel_range(void* pool, int64_t n, int64_t min_per_shard,
                               int32_t (*range_fn)(void* args, int64_t begin, int64_t end),
                               void* args) {
  rill::runtime::ThreadPool* p = rill::codegen::CallPool(pool);
  if (p == nullptr || p->num_threads() == 1 || n < 2 * min_per_shard) return range_fn(args, 0, n);
  // (begin, code) of each piece; at most num_threads pieces.
  std::mutex mu;
  std::vector<std::pair<int64_t, int32_t>> codes;
  p->ParallelForRange(n, min_per_shard, [&](int64_t begin, int64_t end) {
    const int32_t code = range_fn(args, begin, end);
    if (code == 0) return;
    std::lock_guard<std::mutex> lock(mu);
    codes.emplace_back(begin, code);
  });
  if (codes.empty()) return 0;
  return std::min_element(codes.begin(), codes.end())->second;
}

}  // extern "C"
