// How the C-ABI entry points (call_abi.h) split their work over the executable's thread pool: one
// helper for every entry point, so all split ranges and rows the same way.
#ifndef RILL_COMPILER_CODEGEN_CALL_POOL_H_
#define RILL_COMPILER_CODEGEN_CALL_POOL_H_

#include <cstdint>
#include <functional>

#include "runtime/thread_pool.h"

namespace rill::codegen {

// The entry points' `pool` word as a runtime::ThreadPool* (null: the calling thread only).
inline runtime::ThreadPool* CallPool(void* pool) { return static_cast<runtime::ThreadPool*>(pool); }

// Runs fn(begin, end) over contiguous pieces of [0, n) (at least min_per_shard each) on `pool`,
// or once over [0, n) on the calling thread when `pool` is null.
void ForRange(void* pool, int64_t n, int64_t min_per_shard,
              const std::function<void(int64_t, int64_t)>& fn);

// Rows per piece for row-wise entry points with `columns` elements a row: about 16K elements,
// at least one row.
int64_t MinRowsPerShard(int64_t columns);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_CALL_POOL_H_
