// oneDNN 2.6 (Debian's libdnnl, OpenMP-threaded) as a benchmark peer: Conv2D forward and both
// backward passes, in oneDNN's preferred blocked layouts or from plain NHWC/HWIO buffers with the
// reorders a framework pays, and the matmul primitive. Threads: omp_set_num_threads(n) on the
// calling thread before creating and before running primitives (oneDNN's OpenMP runtime reads
// omp_get_max_threads()).
#ifndef RILL_BENCH_ONEDNN_PEER_H_
#define RILL_BENCH_ONEDNN_PEER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "runtime/conv2d.h"
#include "runtime/gemm.h"

namespace rill::bench {

// Sets the OpenMP thread count of the calling thread (what oneDNN and PyTorch-in-process use).
void SetOmpThreads(int threads);

enum class ConvPass { kForward, kBackwardInput, kBackwardFilter };
enum class DnnlLayout {
  kBlocked,           // format_tag::any everywhere; inputs reordered once, outside the timing
  kPlainWithReorders  // user buffers NHWC/HWIO; each Run reorders in and out as needed
};

// One convolution pass on fixed buffers. Operands follow runtime/conv2d.h (NHWC, HWIO):
//   forward:         a = input,  b = filter, bias (may be null), out = output
//   backward input:  a = filter, b = out_backprop,                out = in_backprop
//   backward filter: a = input,  b = out_backprop,                out = filter_backprop
class DnnlConv {
 public:
  // Creates the primitive (and reorders) for `threads` OpenMP threads; the buffers must outlive
  // the object. Errors (oneDNN's exceptions) come back as Internal with oneDNN's message.
  static absl::StatusOr<std::unique_ptr<DnnlConv>> Create(const runtime::Conv2DShape& s,
                                                          ConvPass pass, DnnlLayout layout,
                                                          int threads, const float* a,
                                                          const float* b, const float* bias,
                                                          float* out);
  virtual ~DnnlConv() = default;
  // One pass (with the in/out reorders in kPlainWithReorders).
  virtual void Run() = 0;
  // Writes the last result to `out` in the plain layout (a reorder in kBlocked; no-op otherwise).
  virtual void FetchOutput() = 0;
  // oneDNN's implementation name (e.g. "jit:avx512_core").
  virtual const char* impl() const = 0;
};

// oneDNN's matmul primitive on plain row-major buffers (transposes as strides), C = op(A) op(B);
// args.accumulate and the epilogue are not supported (InvalidArgument).
class DnnlMatmul {
 public:
  static absl::StatusOr<std::unique_ptr<DnnlMatmul>> Create(const runtime::GemmArgs& args,
                                                            int threads);
  virtual ~DnnlMatmul() = default;
  virtual void Run() = 0;
  virtual const char* impl() const = 0;
};

}  // namespace rill::bench

#endif  // RILL_BENCH_ONEDNN_PEER_H_
