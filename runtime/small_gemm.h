// SmallGemm: the single-threaded matrix product behind the convolutions, tuned for their narrow
// shapes (few output channels, or few input channels in the reduction). A is read through row and
// column strides, so A^T needs no copy. Callers split the work across threads themselves.
#ifndef RILL_RUNTIME_SMALL_GEMM_H_
#define RILL_RUNTIME_SMALL_GEMM_H_

#include <cstdint>

namespace rill::runtime {

// C[m x n] = A[m x k] * B[k x n] (+ C when accumulate), then + bias[j], then relu (NaN kept).
// A's rows and columns may each come in segments, so a convolution can read its patches straight
// from the image: A(i, p) = a[Offset(i, row) + Offset(p, col)] with
//   Offset(x, stride, segment_len L, segment_stride S) = (x / L) * S + (x % L) * stride
// (L == 0: one segment, x * stride).
struct SmallGemmArgs {
  int64_t m = 0, n = 0, k = 0;
  const float* a = nullptr;
  int64_t a_row_stride = 0, a_col_stride = 0;
  int64_t a_row_segment_len = 0, a_row_segment_stride = 0;
  int64_t a_col_segment_len = 0, a_col_segment_stride = 0;
  const float* b = nullptr;
  int64_t ldb = 0;  // B(p, j) = b[p * ldb + j]
  float* c = nullptr;
  int64_t ldc = 0;  // C(i, j) = c[i * ldc + j]
  bool accumulate = false;
  const float* bias = nullptr;  // n values, or nullptr
  bool relu = false;
};

// Computes the product. Each C element is accumulated over p = 0..k-1 in order by the same code
// whatever m, so splitting the rows of C between calls leaves every element bitwise unchanged.
// Uses AVX-512 when the CPU has it (checked once), portable loops otherwise.
void SmallGemm(const SmallGemmArgs& g);

// The portable loops alone (the fallback; tests compare the two paths).
void SmallGemmPortable(const SmallGemmArgs& g);

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_SMALL_GEMM_H_
