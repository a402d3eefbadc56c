// The random entry points of call_abi.h: random::Fill* over the output buffer, split over the
// thread pool (element i depends on i alone, so any split is bitwise the same).
#include <atomic>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "compiler/codegen/call_abi.h"
#include "compiler/codegen/call_pool.h"
#include "ops/random/random_fill.h"
#include "ops/random/random_stream.h"

namespace {

using rill::codegen::ForRange;

// Below this many elements a fill runs on the calling thread.
constexpr int64_t kMinPerShard = 4096;

rill::random::PhiloxStream Stream(const uint64_t* key) {
  return rill::random::PhiloxStream({key[0], key[1]}, static_cast<int64_t>(key[2]));
}

template <typename T>
int32_t FillFloat(int32_t distribution, const rill::random::PhiloxStream& stream, int64_t n, T* out,
                  void* pool) {
  std::atomic<int32_t> code{0};
  ForRange(pool, n, kMinPerShard, [&](int64_t begin, int64_t end) {
    absl::Span<T> span(out + begin, static_cast<size_t>(end - begin));
    if (distribution == 0) {
      rill::random::FillUniform(stream, begin, span);
    } else if (distribution == 1) {
      rill::random::FillNormal(stream, begin, span);
    } else if (!rill::random::FillTruncatedNormal(stream, begin, span).ok()) {
      code = 1;
    }
  });
  return code;
}

template <typename T>
int32_t FillInt(const rill::random::PhiloxStream& stream, int64_t n, const void* lo_ptr,
                const void* hi_ptr, T* out, int64_t* details, void* pool) {
  if (n == 0) return 0;  // as the reference: zero impossible things are fine
  const T lo = *static_cast<const T*>(lo_ptr);
  const T hi = *static_cast<const T*>(hi_ptr);
  if (!(lo < hi)) {
    details[0] = lo;
    details[1] = hi;
    return 1;
  }
  ForRange(pool, n, kMinPerShard, [&](int64_t begin, int64_t end) {
    rill::random::FillUniformInt(stream, begin, lo, hi,
                                 absl::Span<T>(out + begin, static_cast<size_t>(end - begin)));
  });
  return 0;
}

}  // namespace

extern "C" {

int32_t rill_rt_random(int32_t distribution, int32_t dtype, const uint64_t* key, int64_t n,
                       void* out, void* pool) {
  if (dtype == 0) return FillFloat(distribution, Stream(key), n, static_cast<float*>(out), pool);
  return FillFloat(distribution, Stream(key), n, static_cast<double*>(out), pool);
}

int32_t rill_rt_random_int(int32_t dtype, const uint64_t* key, int64_t n, const void* lo,
                           const void* hi, void* out, int64_t* details, void* pool) {
  if (dtype == 0) {
    return FillInt(Stream(key), n, lo, hi, static_cast<int32_t*>(out), details, pool);
  }
  return FillInt(Stream(key), n, lo, hi, static_cast<int64_t*>(out), details, pool);
}

}  // extern "C"
