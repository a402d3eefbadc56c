// The one C ABI between generated kernels and C++: every entry point a kernel may call (the
// runtime's dense kernels, the thread-pool range split, the random fills, the softmaxes and cross
// entropies) and the one symbol table the lowering registers with the JIT (CallSymbols).
#ifndef RILL_COMPILER_CODEGEN_CALL_ABI_H_
#define RILL_COMPILER_CODEGEN_CALL_ABI_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// Conventions: pointers, int32/int64 words and `pool` (a rill::runtime::ThreadPool* or null: the
// calling thread only), nothing C++. Entry points that can fail return a code (0: success, 1: the
// kernel's failure message) and write the numbers of that message into `details`.
extern "C" {

// ---- Dense kernels (dense_calls.cc): runtime::Sgemm, Conv2D*, pools, ColumnSums.

// `batch` products C_b = op(A_b) * op(B_b) (+ bias, relu), A_b = a + b * a_batch_stride (0 for a
// broadcast operand), likewise B_b and C_b; dense row-major operands (lda/ldb/ldc from the
// transposes).
void rill_rt_sgemm(int32_t trans_a, int32_t trans_b, int64_t m, int64_t n, int64_t k,
                   const float* a, const float* b, float* c, const float* bias, int32_t relu,
                   int64_t batch, int64_t a_batch_stride, int64_t b_batch_stride, void* pool);

// `geometry` holds a runtime::Conv2DShape's 15 fields in declaration order (kConvGeometrySize).
void rill_rt_conv2d_forward(const int64_t* geometry, const float* input, const float* filter,
                            const float* bias, int32_t relu, float* output, void* pool);
void rill_rt_conv2d_backward_input(const int64_t* geometry, const float* filter,
                                   const float* out_backprop, float* in_backprop, void* pool);
void rill_rt_conv2d_backward_filter(const int64_t* geometry, const float* input,
                                    const float* out_backprop, float* filter_backprop, void* pool);

// `geometry` holds a runtime::Pool2DShape's 12 fields in declaration order (kPoolGeometrySize).
void rill_rt_max_pool(const int64_t* geometry, const float* input, float* output, void* pool);
void rill_rt_max_pool_grad(const int64_t* geometry, const float* input, const float* grad,
                           float* in_backprop, void* pool);
void rill_rt_avg_pool(const int64_t* geometry, const float* input, float* output, void* pool);
void rill_rt_avg_pool_grad(const int64_t* geometry, const float* grad, float* in_backprop,
                           void* pool);

// sums[j] = the sum over the m rows of the row-major [m, n] matrix x (runtime::ColumnSums).
void rill_rt_column_sums(int64_t m, int64_t n, const float* x, float* sums, void* pool);

// ---- The range split of element-wise and loop kernels (call_pool.cc).

// Runs range_fn(args, begin, end) over contiguous pieces of [0, n) (at least min_per_shard each,
// at most one per thread of `pool`, a runtime::ThreadPool* or null: then one piece) and returns
// the first nonzero result in range order (0 when all are 0): the failure code one call over
// [0, n) gives when range_fn keeps the first failure of its loop.
int32_t rill_rt_parallel_range(void* pool, int64_t n, int64_t min_per_shard,
                               int32_t (*range_fn)(void* args, int64_t begin, int64_t end),
                               void* args);

// ---- Random fills (random_calls.cc): random::Fill* on the output buffer, bitwise the reference
// kernels' values; element i depends on i alone, so any split over the pool gives the same bits.

// Fills `n` elements of `out` from the Philox stream keyed by `key` = {seed, seed2, step}
// (random_stream.h). `distribution`: 0 uniform, 1 normal, 2 truncated normal; `dtype`: 0 float,
// 1 double. Returns 0, or 1 when truncated normal sampling runs out of draws (cannot happen
// with Philox).
int32_t rill_rt_random(int32_t distribution, int32_t dtype, const uint64_t* key, int64_t n,
                       void* out, void* pool);

// Uniform integers in [*lo, *hi) (`dtype`: 0 int32, 1 int64). Returns 1 with details = {lo, hi}
// when n > 0 and !(lo < hi); 0 otherwise.
int32_t rill_rt_random_int(int32_t dtype, const uint64_t* key, int64_t n, const void* lo,
                           const void* hi, void* out, int64_t* details, void* pool);

// ---- Softmax and cross entropies (softmax_calls.cc): the reference kernels' row routines, rows
// split over the pool, each row whole on one thread (any split gives the same bits).

// SparseSoftmaxCrossEntropyWithLogits: features [batch, classes] (`dtype`: 0 float, 1 double),
// labels [batch] (`label_dtype`: 0 int32, 1 int64) -> loss [batch], backprop [batch, classes].
// Returns 1 with details = {label, index} for the first label outside [0, classes) (nothing
// written then); 0 otherwise.
int32_t rill_rt_sparse_xent(int32_t dtype, int32_t label_dtype, int64_t batch, int64_t classes,
                            const void* features, const void* labels, void* loss, void* backprop,
                            int64_t* details, void* pool);

// Softmax (`log` 0) or LogSoftmax (`log` 1) of `rows` rows of `classes` elements each (`dtype`:
// 0 float, 1 double), in[r * classes + j] -> out[...]. Returns 0.
int32_t rill_rt_softmax(int32_t log, int32_t dtype, int64_t rows, int64_t classes, const void* in,
                        void* out, void* pool);

// SoftmaxCrossEntropyWithLogits (`dtype`: 0 float, 1 double) with the broadcast geometry of
// rill::XentBroadcast (ops/nn/softmax_row.h): features [f_rows, f_classes], labels
// [l_rows, l_classes] -> loss [batch], backprop [batch, classes]. Returns 0.
int32_t rill_rt_softmax_xent(int32_t dtype, int64_t batch, int64_t classes, int64_t f_rows,
                             int64_t f_classes, int64_t l_rows, int64_t l_classes,
                             const void* features, const void* labels, void* loss, void* backprop,
                             void* pool);

}  // extern "C"

namespace rill::codegen {

// Number of int64s in the geometry array of the conv entry points.
inline constexpr int kConvGeometrySize = 15;
// Number of int64s in the geometry array of the pool entry points.
inline constexpr int kPoolGeometrySize = 12;
// Number of uint64s in the key buffer of the random entry points: seed, seed2, step.
inline constexpr int kRandomKeySize = 3;
// Number of int64s a failing entry point may write into `details`.
inline constexpr int kFailureDetailsSize = 2;  // <= codegen::kMaxFailureDetails

// Name -> address of every entry point above, for Jit::DefineSymbols (so the kernels need no
// -rdynamic).
std::vector<std::pair<std::string, void*>> CallSymbols();

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_CALL_ABI_H_
