// The C-ABI wrappers of library_calls.h: the random fills split over the thread pool (element i
// depends on i alone, so any split is bitwise the same), the fused softmax cross entropies and
// the softmaxes (rows split over the pool, each row whole on one thread).
#include "compiler/codegen/library_calls.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "ops/nn/softmax_row.h"
#include "ops/nn/sparse_xent_row.h"
#include "ops/random/random_fill.h"
#include "ops/random/random_stream.h"
#include "runtime/thread_pool.h"

namespace {

// Below this many elements a fill runs on the calling thread.
constexpr int64_t kMinPerShard = 4096;

rill::random::PhiloxStream Stream(const uint64_t* key) {
  return rill::random::PhiloxStream({key[0], key[1]}, static_cast<int64_t>(key[2]));
}

// Runs fn(begin, end) over [0, n), split on `pool` when there is one.
void ForRange(void* pool, int64_t n, int64_t min_per_shard,
              const std::function<void(int64_t, int64_t)>& fn) {
  if (pool == nullptr) {
    fn(0, n);
    return;
  }
  static_cast<rill::runtime::ThreadPool*>(pool)->ParallelForRange(n, min_per_shard, fn);
}

template <typename T>
int32_t FillFloat(int32_t distribution, const rill::random::PhiloxStream& stream, int64_t n,
                  T* out, void* pool) {
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

// The reference kernel's rows (SparseXentRow, shared with it: bitwise equal), split over the pool
// after the labels are checked.
template <typename T, typename L>
int32_t SparseXent(int64_t batch, int64_t classes, const T* features, const L* label, T* loss,
                   T* backprop, int64_t* details, void* pool) {
  for (int64_t b = 0; b < batch; ++b) {
    if (label[b] < 0 || label[b] >= classes) {
      details[0] = static_cast<int64_t>(label[b]);
      details[1] = b;
      return 1;
    }
  }
  const int64_t min_rows = classes > 0 ? std::max<int64_t>(1, 16384 / classes) : batch;
  ForRange(pool, batch, min_rows, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      rill::SparseXentRow(features + b * classes, classes, static_cast<int64_t>(label[b]),
                          loss + b, backprop + b * classes);
    }
  });
  return 0;
}

template <typename T>
int32_t SparseXentLabels(int32_t label_dtype, int64_t batch, int64_t classes, const void* features,
                         const void* labels, void* loss, void* backprop, int64_t* details,
                         void* pool) {
  const T* f = static_cast<const T*>(features);
  T* l = static_cast<T*>(loss);
  T* bp = static_cast<T*>(backprop);
  if (label_dtype == 0) {
    return SparseXent(batch, classes, f, static_cast<const int32_t*>(labels), l, bp, details, pool);
  }
  return SparseXent(batch, classes, f, static_cast<const int64_t*>(labels), l, bp, details, pool);
}

// Rows per shard: about 16K elements, at least one row.
int64_t MinRows(int64_t classes) { return std::max<int64_t>(1, 16384 / std::max<int64_t>(1, classes)); }

template <typename T>
void SoftmaxRows(bool log, int64_t rows, int64_t classes, const T* in, T* out, void* pool) {
  ForRange(pool, rows, MinRows(classes), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      if (log) {
        rill::LogSoftmaxRow(in + r * classes, classes, out + r * classes);
      } else {
        rill::SoftmaxRow(in + r * classes, classes, out + r * classes);
      }
    }
  });
}

template <typename T>
void DenseXent(const rill::XentBroadcast& b, const void* features, const void* labels,
               void* loss, void* backprop, void* pool) {
  ForRange(pool, b.batch, MinRows(b.classes), [&](int64_t begin, int64_t end) {
    rill::SoftmaxXentRows(b, static_cast<const T*>(features), static_cast<const T*>(labels),
                          static_cast<T*>(loss), static_cast<T*>(backprop), begin, end);
  });
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

int32_t rill_rt_sparse_xent(int32_t dtype, int32_t label_dtype, int64_t batch, int64_t classes,
                            const void* features, const void* labels, void* loss, void* backprop,
                            int64_t* details, void* pool) {
  if (dtype == 0) {
    return SparseXentLabels<float>(label_dtype, batch, classes, features, labels, loss, backprop,
                                   details, pool);
  }
  return SparseXentLabels<double>(label_dtype, batch, classes, features, labels, loss, backprop,
                                  details, pool);
}

int32_t rill_rt_softmax(int32_t log, int32_t dtype, int64_t rows, int64_t classes, const void* in,
                        void* out, void* pool) {
  if (dtype == 0) {
    SoftmaxRows(log != 0, rows, classes, static_cast<const float*>(in), static_cast<float*>(out),
                pool);
  } else {
    SoftmaxRows(log != 0, rows, classes, static_cast<const double*>(in),
                static_cast<double*>(out), pool);
  }
  return 0;
}

int32_t rill_rt_softmax_xent(int32_t dtype, int64_t batch, int64_t classes, int64_t f_rows,
                             int64_t f_classes, int64_t l_rows, int64_t l_classes,
                             const void* features, const void* labels, void* loss,
                             void* backprop, void* pool) {
  const rill::XentBroadcast b{batch, classes, f_rows, f_classes, l_rows, l_classes};
  if (dtype == 0) {
    DenseXent<float>(b, features, labels, loss, backprop, pool);
  } else {
    DenseXent<double>(b, features, labels, loss, backprop, pool);
  }
  return 0;
}

}  // extern "C"

namespace rill::codegen {

std::vector<std::pair<std::string, void*>> LibraryCallSymbols() {
  return {
      {"rill_rt_random", reinterpret_cast<void*>(&rill_rt_random)},
      {"rill_rt_random_int", reinterpret_cast<void*>(&rill_rt_random_int)},
      {"rill_rt_sparse_xent", reinterpret_cast<void*>(&rill_rt_sparse_xent)},
      {"rill_rt_softmax", reinterpret_cast<void*>(&rill_rt_softmax)},
      {"rill_rt_softmax_xent", reinterpret_cast<void*>(&rill_rt_softmax_xent)},
  };
}

}  // namespace rill::codegen
