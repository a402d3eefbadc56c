// The portable micro-kernel: a 4x8 tile in plain C++, for CPUs without AVX2/FMA (and the yardstick
// the ISA kernels are tested against). Separate multiply and add: no FMA on baseline x86-64.
#include "runtime/gemm_microkernel.h"

namespace rill::runtime::gemm_internal {
namespace {

constexpr int kMr = 4;
constexpr int kNr = 8;

void Run(const MicroTile& t) {
  float acc[kMr][kNr] = {};
  const float* a = t.a;
  const float* b = t.b;
  for (int64_t p = 0; p < t.kc; ++p) {
    for (int r = 0; r < kMr; ++r) {
      for (int j = 0; j < kNr; ++j) acc[r][j] += a[r] * b[j];
    }
    a += kMr;
    b += kNr;
  }
  for (int r = 0; r < kMr; ++r) {
    float* c = t.c + r * t.ldc;
    for (int j = 0; j < kNr; ++j) {
      float x = acc[r][j];
      if (t.load_c) x = c[j] + x;
      if (t.bias != nullptr) x += t.bias[j];
      if (t.relu && x < 0.0f) x = 0.0f;  // NaN fails the test and passes through
      c[j] = x;
    }
  }
}

}  // namespace

const MicroKernel& PortableMicroKernel() {
  static constexpr MicroKernel kernel{.name = "portable_4x8",
                                      .mr = kMr,
                                      .nr = kNr,
                                      .mc = 128,
                                      .kc = 256,
                                      .nc = 2048,
                                      .run = &Run,
                                      .gather = nullptr,
                                      .partial_tiles = false};
  return kernel;
}

}  // namespace rill::runtime::gemm_internal
