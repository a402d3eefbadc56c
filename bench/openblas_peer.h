// OpenBLAS as a benchmark peer, loaded at run time (dlopen of Debian's libopenblas.so.0, the
// library numpy uses) so the build needs no BLAS headers and the thread count can be set per call.
#ifndef RILL_BENCH_OPENBLAS_PEER_H_
#define RILL_BENCH_OPENBLAS_PEER_H_

#include <memory>
#include <string>

#include "runtime/gemm.h"

namespace rill::bench {

class OpenBlas {
 public:
  // Loads the library (once per process; OPENBLAS_THREAD_TIMEOUT is lowered first so its idle
  // workers stop spinning quickly). Null, with the reason in *why, when it is not installed.
  static OpenBlas* Get(std::string* why);

  // C = op(A) op(B) (+ C when accumulate) on `threads` threads; row-major, as runtime::Sgemm
  // (its epilogue is ignored: bias/relu are not BLAS operations).
  void Sgemm(const runtime::GemmArgs& args, int threads) const;

 private:
  using SgemmFn = void (*)(int, int, int, int, int, int, float, const float*, int, const float*,
                           int, float, float*, int);
  using SetThreadsFn = void (*)(int);
  OpenBlas(SgemmFn sgemm, SetThreadsFn set_threads) : sgemm_(sgemm), set_threads_(set_threads) {}
  SgemmFn sgemm_;
  SetThreadsFn set_threads_;
};

}  // namespace rill::bench

#endif  // RILL_BENCH_OPENBLAS_PEER_H_
