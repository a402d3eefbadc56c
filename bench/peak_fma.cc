// The FMA peak probe: 12 independent accumulator chains per thread (enough to cover a 4-cycle
// FMA latency on two pipes), kept in vector registers.
#include "bench/peak_fma.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>
#include <vector>

namespace rill::bench {
namespace {

constexpr int kChains = 12;

// Twelve named accumulators (an array would live on the stack at -O2: the loop is not unrolled),
// each updated once per iteration. Each probe returns a value depending on every chain so the
// loop cannot be removed.
#define RILL_FMA_CHAINS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

__attribute__((target("avx2,fma"))) float ProbeAvx2(int64_t iters) {
#define RILL_DECLARE(j) __m256 acc##j = _mm256_set1_ps(0.001f * j);
#define RILL_FMA(j) acc##j = _mm256_fmadd_ps(acc##j, mul, add);
#define RILL_SUM(j) sum = _mm256_add_ps(sum, acc##j);
  RILL_FMA_CHAINS(RILL_DECLARE)
  const __m256 mul = _mm256_set1_ps(0.999999f);
  const __m256 add = _mm256_set1_ps(1e-6f);
  for (int64_t i = 0; i < iters; ++i) {
    RILL_FMA_CHAINS(RILL_FMA)
  }
  __m256 sum = _mm256_setzero_ps();
  RILL_FMA_CHAINS(RILL_SUM)
#undef RILL_DECLARE
#undef RILL_FMA
#undef RILL_SUM
  alignas(32) float out[8];
  _mm256_store_ps(out, sum);
  return out[0] + out[7];
}

__attribute__((target("avx512f"))) float ProbeAvx512(int64_t iters) {
#define RILL_DECLARE(j) __m512 acc##j = _mm512_set1_ps(0.001f * j);
#define RILL_FMA(j) acc##j = _mm512_fmadd_ps(acc##j, mul, add);
#define RILL_SUM(j) sum = _mm512_add_ps(sum, acc##j);
  RILL_FMA_CHAINS(RILL_DECLARE)
  const __m512 mul = _mm512_set1_ps(0.999999f);
  const __m512 add = _mm512_set1_ps(1e-6f);
  for (int64_t i = 0; i < iters; ++i) {
    RILL_FMA_CHAINS(RILL_FMA)
  }
  __m512 sum = _mm512_setzero_ps();
  RILL_FMA_CHAINS(RILL_SUM)
#undef RILL_DECLARE
#undef RILL_FMA
#undef RILL_SUM
  // (Not _mm512_reduce_add_ps: GCC 12's header trips -Wuninitialized.)
  alignas(64) float out[16];
  _mm512_store_ps(out, sum);
  return out[0] + out[15];
}

#undef RILL_FMA_CHAINS

}  // namespace

bool FmaIsaSupported(FmaIsa isa) {
  __builtin_cpu_init();
  return isa == FmaIsa::kAvx2
             ? __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
             : __builtin_cpu_supports("avx512f");
}

double MeasureFmaGflops(FmaIsa isa, int threads, int64_t iters, int reps) {
  if (!FmaIsaSupported(isa) || threads < 1 || iters < 1) return 0;
  const int lanes = isa == FmaIsa::kAvx2 ? 8 : 16;
  const double flops = 2.0 * kChains * lanes * static_cast<double>(iters) * threads;
  std::atomic<float> sink{0};
  double best = 0;
  for (int r = 0; r < reps; ++r) {
    std::vector<double> cpu_seconds(threads, 0.0);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        timespec a, b;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        const float v = isa == FmaIsa::kAvx2 ? ProbeAvx2(iters) : ProbeAvx512(iters);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
        cpu_seconds[t] = static_cast<double>(b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec);
        sink.store(v, std::memory_order_relaxed);
      });
    }
    for (auto& w : workers) w.join();
    double rate = 0;  // flops per CPU-second, summed over the threads
    for (double s : cpu_seconds) rate += s > 0 ? flops / threads / s : 0;
    best = std::max(best, rate * 1e-9);
  }
  return best;
}

double PeakGflops(int threads, bool quick) {
  // ~0.1 s per rep at 90 GFLOP/s per core for AVX2 (192 flop/iteration).
  const int64_t iters = quick ? 20000 : 50000000;
  const int reps = quick ? 2 : 3;
  return std::max(MeasureFmaGflops(FmaIsa::kAvx2, threads, iters, reps),
                  MeasureFmaGflops(FmaIsa::kAvx512, threads, iters / 2, reps));
}

}  // namespace rill::bench
