// Differential fuzzing of the compiler against the reference executor: random graphs of
// element-wise chains with broadcasting, reductions, matmuls, reshapes and transposes, and the
// gradients of their sums, compiled with compiler::Compile and run on both; results must be
// bitwise equal (every lowering reproduces its reference kernel's arithmetic exactly), except in
// graphs with f32 MatMuls, which call the runtime GEMM and are compared within
// testing::kDenseTolerance (compiler/testing/compiled_numerics.h).
#ifndef RILL_COMPILER_CODEGEN_DIFFERENTIAL_FUZZ_H_
#define RILL_COMPILER_CODEGEN_DIFFERENTIAL_FUZZ_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace rill::codegen {

struct FuzzReport {
  int graphs = 0;
  int64_t native_kernels_run = 0;
  int64_t fused_reductions = 0;  // RillFusion nodes of kind "reduction" that ran natively
};

// Builds, compiles and compares `count` random graphs from `seed`. The first mismatch or error is
// returned (InvalidArgument naming the case's seed and the graph, so it can be replayed).
absl::Status RunDifferentialFuzz(uint64_t seed, int count, FuzzReport* report);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_DIFFERENTIAL_FUZZ_H_
