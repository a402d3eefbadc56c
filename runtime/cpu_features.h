// CpuFeatures: which instruction-set extensions the host CPU (and OS) support, for runtime dispatch
// of the hand-vectorised kernels; the rest of the binary stays portable x86-64.
#ifndef RILL_RUNTIME_CPU_FEATURES_H_
#define RILL_RUNTIME_CPU_FEATURES_H_

namespace rill::runtime {

struct CpuFeatures {
  bool avx2_fma = false;  // AVX2 and FMA3 (Haswell, Zen and later)
  bool avx512f = false;   // AVX-512 Foundation (Skylake-X, Zen 4 and later)
};

// The host's features, probed once (cpuid + the OS's xsave state, via __builtin_cpu_supports).
const CpuFeatures& HostCpuFeatures();

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_CPU_FEATURES_H_
