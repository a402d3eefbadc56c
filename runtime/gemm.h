// Gemm: the runtime's single-precision matrix product, C = op(A) * op(B) (+ C) with an optional
// fused epilogue, called by compiled MatMul / BatchMatMul / fully connected kernels and by the
// convolutions. Row-major, like rill's tensors. Threads split C into column/row blocks only
// (never K), so the result is bitwise independent of the thread count.
#ifndef RILL_RUNTIME_GEMM_H_
#define RILL_RUNTIME_GEMM_H_

#include <cstdint>

#include "runtime/thread_pool.h"

namespace rill::runtime {

// Applied to each element of C after the product, in this order: + bias[col], then relu.
struct GemmEpilogue {
  const float* bias = nullptr;  // n values, or nullptr
  bool relu = false;            // max(x, 0) with NaN propagated (TF's Relu)
};

struct GemmArgs {
  bool trans_a = false;  // op(A) = A^T: A is stored k x m (lda >= m) instead of m x k (lda >= k)
  bool trans_b = false;  // op(B) = B^T: B is stored n x k (ldb >= k) instead of k x n (ldb >= n)
  int64_t m = 0, n = 0, k = 0;
  const float* a = nullptr;
  int64_t lda = 0;
  const float* b = nullptr;
  int64_t ldb = 0;
  float* c = nullptr;
  int64_t ldc = 0;
  bool accumulate = false;  // C += product instead of C = product (the epilogue still applies once)
  GemmEpilogue epilogue;
};

// Computes the product. `pool` may be null (one thread). Small products run on the calling thread
// regardless of the pool (the split is chosen by size). k == 0 gives C = 0 (+ epilogue). Arguments
// are the caller's invariant (compiled kernels check shapes before calling): no error path.
void Sgemm(const GemmArgs& args, ThreadPool* pool);

// The straightforward triple loop (float accumulation in k order), for tests and as the portable
// baseline the benchmarks report against.
void SgemmReference(const GemmArgs& args);

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_GEMM_H_
