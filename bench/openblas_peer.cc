// OpenBLAS through dlopen: cblas_sgemm and openblas_set_num_threads.
#include "bench/openblas_peer.h"

#include <dlfcn.h>

#include <cstdlib>

namespace rill::bench {
namespace {
// CBLAS enum values (cblas.h).
constexpr int kRowMajor = 101;
constexpr int kNoTrans = 111;
constexpr int kTrans = 112;
}  // namespace

OpenBlas* OpenBlas::Get(std::string* why) {
  static OpenBlas* instance = [why]() -> OpenBlas* {
    // Idle workers poll for 2^N cycles before sleeping (default N = 28, ~70 ms here).
    setenv("OPENBLAS_THREAD_TIMEOUT", "4", /*overwrite=*/0);
    void* lib = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      if (why) *why = std::string("dlopen(libopenblas.so.0): ") + dlerror();
      return nullptr;
    }
    auto sgemm = reinterpret_cast<SgemmFn>(dlsym(lib, "cblas_sgemm"));
    auto set_threads = reinterpret_cast<SetThreadsFn>(dlsym(lib, "openblas_set_num_threads"));
    if (sgemm == nullptr || set_threads == nullptr) {
      if (why) *why = "libopenblas.so.0 lacks cblas_sgemm or openblas_set_num_threads";
      return nullptr;
    }
    return new OpenBlas(sgemm, set_threads);
  }();
  if (instance == nullptr && why != nullptr && why->empty()) *why = "OpenBLAS unavailable";
  return instance;
}

void OpenBlas::Sgemm(const runtime::GemmArgs& g, int threads) const {
  set_threads_(threads);
  sgemm_(kRowMajor, g.trans_a ? kTrans : kNoTrans, g.trans_b ? kTrans : kNoTrans,
         static_cast<int>(g.m), static_cast<int>(g.n), static_cast<int>(g.k), 1.0f, g.a,
         static_cast<int>(g.lda), g.b, static_cast<int>(g.ldb), g.accumulate ? 1.0f : 0.0f, g.c,
         static_cast<int>(g.ldc));
}

}  // namespace rill::bench
