// HasAvx512: whether the runtime kernels take their AVX-512 paths (the static build stays
// portable x86-64; kernels pick an AVX-512 path at run time when the CPU has AVX-512F).
#ifndef RILL_RUNTIME_AVX512_DISPATCH_H_
#define RILL_RUNTIME_AVX512_DISPATCH_H_

#include <atomic>

#include "runtime/cpu_features.h"

namespace rill::runtime {
namespace cpu_internal {
inline std::atomic<bool> avx512_disabled{false};
}  // namespace cpu_internal

// True when this CPU runs AVX-512F (HostCpuFeatures, the GEMM's probe) and no ScopedDisableAvx512
// is alive.
inline bool HasAvx512() {
  static const bool has = HostCpuFeatures().avx512f;
  return has && !cpu_internal::avx512_disabled.load(std::memory_order_relaxed);
}

// For tests: while alive, HasAvx512() is false, so the portable paths run on any CPU.
class ScopedDisableAvx512 {
 public:
  ScopedDisableAvx512() { cpu_internal::avx512_disabled = true; }
  ~ScopedDisableAvx512() { cpu_internal::avx512_disabled = false; }
  ScopedDisableAvx512(const ScopedDisableAvx512&) = delete;
  ScopedDisableAvx512& operator=(const ScopedDisableAvx512&) = delete;
};

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_AVX512_DISPATCH_H_
