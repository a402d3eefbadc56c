// The machine's single-precision FMA peak, measured by a probe: independent FMA chains held in
// registers (AVX2/FMA 256-bit and AVX-512 512-bit variants, chosen by CPU support at run time),
// run on 1..N threads at once. Used by peak_probe and for the training benchmark's
// fraction-of-peak figures.
#ifndef RILL_BENCH_PEAK_FMA_H_
#define RILL_BENCH_PEAK_FMA_H_

#include <cstdint>

namespace rill::bench {

enum class FmaIsa { kAvx2, kAvx512 };

// Whether this CPU (and OS) runs the variant.
bool FmaIsaSupported(FmaIsa isa);

// GFLOP/s of `threads` threads each running `iters` iterations of the probe loop (each
// iteration is 12 independent vector FMAs) concurrently; best of `reps` runs. Each thread's rate
// is taken over its own CPU time (CLOCK_THREAD_CPUTIME_ID) and the rates are added: the hardware
// peak, also on a machine other programs share (wall time would report the share the probe got,
// and fractions of "peak" above 1 for work timed in a quieter moment). 0 when the ISA is
// unsupported.
double MeasureFmaGflops(FmaIsa isa, int threads, int64_t iters, int reps);

// The best supported variant at `threads` threads (~0.1 s per rep at full size; `quick` is a
// few milliseconds in total and only roughly right).
double PeakGflops(int threads, bool quick);

}  // namespace rill::bench

#endif  // RILL_BENCH_PEAK_FMA_H_
