// The C-ABI entry points that generated kernels call for the random ops (random::Fill* on the
// output buffer, so values are bitwise those of the reference kernels), for
// SparseSoftmaxCrossEntropyWithLogits and SoftmaxCrossEntropyWithLogits (loss and backprop in one
// pass, the reference kernel's loop order), and for Softmax and LogSoftmax (the reference
// kernels' rows). Failures return a code (1) and write the numbers of their message into
// `details`. Rows are split over `pool`; each row is computed whole by one thread, so any split
// gives the same bits.
#ifndef RILL_COMPILER_CODEGEN_LIBRARY_CALLS_H_
#define RILL_COMPILER_CODEGEN_LIBRARY_CALLS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

extern "C" {

// Fills `n` elements of `out` from the Philox stream keyed by `key` = {seed, seed2, step}
// (random_stream.h). `distribution`: 0 uniform, 1 normal, 2 truncated normal; `dtype`: 0 float,
// 1 double. Returns 0, or 1 when truncated normal sampling runs out of draws (cannot happen
// with Philox). `pool` is a rill::runtime::ThreadPool* or null.
int32_t rill_rt_random(int32_t distribution, int32_t dtype, const uint64_t* key, int64_t n,
                       void* out, void* pool);

// Uniform integers in [*lo, *hi) (`dtype`: 0 int32, 1 int64). Returns 1 with details = {lo, hi}
// when n > 0 and !(lo < hi); 0 otherwise.
int32_t rill_rt_random_int(int32_t dtype, const uint64_t* key, int64_t n, const void* lo,
                           const void* hi, void* out, int64_t* details, void* pool);

// features [batch, classes] (`dtype`: 0 float, 1 double), labels [batch] (`label_dtype`: 0 int32,
// 1 int64) -> loss [batch], backprop [batch, classes]. Returns 1 with details = {label, index}
// for the first label outside [0, classes) (nothing written then); 0 otherwise.
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
                             const void* features, const void* labels, void* loss,
                             void* backprop, void* pool);

}  // extern "C"

namespace rill::codegen {

// Number of uint64s in the key buffer of the random entry points: seed, seed2, step.
inline constexpr int kRandomKeySize = 3;
// Number of int64s a failing entry point may write into `details`.
inline constexpr int kFailureDetailsSize = 2;  // <= codegen::kMaxFailureDetails

// Name -> address of every entry point above, for Jit::DefineSymbols.
std::vector<std::pair<std::string, void*>> LibraryCallSymbols();

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_LIBRARY_CALLS_H_
