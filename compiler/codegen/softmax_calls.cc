// The softmax and cross-entropy entry points of call_abi.h: the reference kernels' row routines
// (softmax_row.h, sparse_xent_row.h: bitwise equal), rows split over the thread pool, each row
// whole on one thread.
#include <cstdint>

#include "compiler/codegen/call_abi.h"
#include "compiler/codegen/call_pool.h"
#include "ops/nn/softmax_row.h"
#include "ops/nn/sparse_xent_row.h"

namespace {

using rill::codegen::ForRange;
using rill::codegen::MinRowsPerShard;

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
  // (classes is positive here unless batch is 0: a label was checked against it.)
  ForRange(pool, batch, MinRowsPerShard(classes), [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      rill::SparseXentRow(features + b * classes, classes, static_cast<int64_t>(label[b]), loss + b,
                          backprop + b * classes);
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

template <typename T>
void SoftmaxRows(bool log, int64_t rows, int64_t classes, const T* in, T* out, void* pool) {
  ForRange(pool, rows, MinRowsPerShard(classes), [&](int64_t begin, int64_t end) {
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
void DenseXent(const rill::XentBroadcast& b, const void* features, const void* labels, void* loss,
               void* backprop, void* pool) {
  ForRange(pool, b.batch, MinRowsPerShard(b.classes), [&](int64_t begin, int64_t end) {
    rill::SoftmaxXentRows(b, static_cast<const T*>(features), static_cast<const T*>(labels),
                          static_cast<T*>(loss), static_cast<T*>(backprop), begin, end);
  });
}

}  // namespace

extern "C" {

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
    SoftmaxRows(log != 0, rows, classes, static_cast<const double*>(in), static_cast<double*>(out),
                pool);
  }
  return 0;
}

int32_t rill_rt_softmax_xent(int32_t dtype, int64_t batch, int64_t classes, int64_t f_rows,
                             int64_t f_classes, int64_t l_rows, int64_t l_classes,
                             const void* features, const void* labels, void* loss, void* backprop,
                             void* pool) {
  const rill::XentBroadcast b{batch, classes, f_rows, f_classes, l_rows, l_classes};
  if (dtype == 0) {
    DenseXent<float>(b, features, labels, loss, backprop, pool);
  } else {
    DenseXent<double>(b, features, labels, loss, backprop, pool);
  }
  return 0;
}

}  // extern "C"
