// The flat C-ABI entry points that generated kernels call for the runtime's dense kernels
// (runtime::Sgemm, runtime::Conv2D*, pools, ColumnSums): pointers, int64s and the thread pool, nothing C++. The
// lowering registers them with the JIT by name (RuntimeCallSymbols), so they need no -rdynamic.
#ifndef RILL_COMPILER_CODEGEN_RUNTIME_CALLS_H_
#define RILL_COMPILER_CODEGEN_RUNTIME_CALLS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

extern "C" {

// `batch` products C_b = op(A_b) * op(B_b) (+ bias, relu), A_b = a + b * a_batch_stride (0 for a
// broadcast operand), likewise B_b and C_b; dense row-major operands (lda/ldb/ldc from the
// transposes). `pool` is a rill::runtime::ThreadPool* or null.
void rill_rt_sgemm(int32_t trans_a, int32_t trans_b, int64_t m, int64_t n, int64_t k,
                   const float* a, const float* b, float* c, const float* bias, int32_t relu,
                   int64_t batch, int64_t a_batch_stride, int64_t b_batch_stride, void* pool);

// `geometry` holds a runtime::Conv2DShape's 15 fields in declaration order (kConvGeometrySize).
void rill_rt_conv2d_forward(const int64_t* geometry, const float* input, const float* filter,
                            const float* bias, int32_t relu, float* output, void* pool);
void rill_rt_conv2d_backward_input(const int64_t* geometry, const float* filter,
                                   const float* out_backprop, float* in_backprop, void* pool);
void rill_rt_conv2d_backward_filter(const int64_t* geometry, const float* input,
                                    const float* out_backprop, float* filter_backprop,
                                    void* pool);

// `geometry` holds a runtime::Pool2DShape's 12 fields in declaration order (kPoolGeometrySize).
void rill_rt_max_pool(const int64_t* geometry, const float* input, float* output, void* pool);
void rill_rt_max_pool_grad(const int64_t* geometry, const float* input, const float* grad,
                           float* in_backprop, void* pool);
void rill_rt_avg_pool(const int64_t* geometry, const float* input, float* output, void* pool);
void rill_rt_avg_pool_grad(const int64_t* geometry, const float* grad, float* in_backprop,
                           void* pool);

// Runs range_fn(args, begin, end) over contiguous pieces of [0, n) (at least min_per_shard each,
// at most one per thread of `pool`, a runtime::ThreadPool* or null: then one piece) and returns
// the first nonzero result in range order (0 when all are 0): the failure code one call over
// [0, n) gives when range_fn keeps the first failure of its loop.
int32_t rill_rt_parallel_range(void* pool, int64_t n, int64_t min_per_shard,
                               int32_t (*range_fn)(void* args, int64_t begin, int64_t end),
                               void* args);

// sums[j] = the sum over the m rows of the row-major [m, n] matrix x (runtime::ColumnSums).
void rill_rt_column_sums(int64_t m, int64_t n, const float* x, float* sums, void* pool);

}  // extern "C"

namespace rill::codegen {

// Number of int64s in the geometry array of the conv entry points.
inline constexpr int kConvGeometrySize = 15;
// Number of int64s in the geometry array of the pool entry points.
inline constexpr int kPoolGeometrySize = 12;

// Name -> address of every entry point above, for Jit::DefineSymbols.
std::vector<std::pair<std::string, void*>> RuntimeCallSymbols();

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_RUNTIME_CALLS_H_
