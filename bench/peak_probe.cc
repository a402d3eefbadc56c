// peak_probe: the machine's single-precision FMA peak on 1 and 2 threads (AVX2 and AVX-512
// probes, the max is the peak). Prints BENCH lines and RATIO peak_fma_<N>t_vs_1t, the thread
// scaling (there is no rill side here). Flags: see bench_harness.h (--smoke, --reps, --threads).
#include <cstdio>
#include <string>

#include "bench/bench_harness.h"
#include "bench/peak_fma.h"

int main(int argc, char** argv) {
  using namespace rill::bench;
  BenchFlags flags;
  if (!ParseBenchFlags(argc, argv, &flags)) return 2;
  const int64_t iters = flags.smoke ? 20000 : 50000000;
  double one_thread = 0;
  for (int threads : flags.threads) {
    const std::string t = "_" + std::to_string(threads) + "t";
    const double avx2 = MeasureFmaGflops(FmaIsa::kAvx2, threads, iters, flags.reps);
    const double avx512 = MeasureFmaGflops(FmaIsa::kAvx512, threads, iters / 2, flags.reps);
    if (avx2 > 0) PrintBench("peak_fma_avx2" + t, avx2, "GFLOP/s");
    if (avx512 > 0) PrintBench("peak_fma_avx512" + t, avx512, "GFLOP/s");
    const double peak = avx2 > avx512 ? avx2 : avx512;
    PrintBench("peak_fma" + t, peak, "GFLOP/s");
    if (threads == 1) one_thread = peak;
    if (threads > 1 && one_thread > 0) PrintRatio("peak_fma" + t + "_vs_1t", peak / one_thread);
  }
  return 0;
}
