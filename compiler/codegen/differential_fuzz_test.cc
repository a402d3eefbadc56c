// 250 random graphs (element-wise chains with broadcasting, reductions, matmuls, reshapes,
// transposes and their gradients) compiled and compared with the reference executor: bitwise, or
// within the dense tolerance for graphs with f32 MatMuls (see differential_fuzz.h).
// The larger run is //compiler/codegen:differential_fuzz_long (manual).
#include "compiler/codegen/differential_fuzz.h"

#include <cstdlib>
#include <iostream>

#include "base/status_matchers.h"
#include "gtest/gtest.h"

namespace rill::codegen {
namespace {

TEST(DifferentialFuzzTest, CompiledGraphsMatchTheReference) {
  int count = 250;
  if (const char* env = std::getenv("RILL_FUZZ_GRAPHS")) count = std::atoi(env);
  FuzzReport report;
  ASSERT_OK(RunDifferentialFuzz(/*seed=*/42, count, &report));
  EXPECT_EQ(report.graphs, count);
  // Most of the work really ran natively.
  EXPECT_GT(report.native_kernels_run, count);
  // Producer -> reduction patterns are generated and run as fused kernels (in graphs with
  // gradients the producer usually has another consumer, the gradient, and stays unfused).
  EXPECT_GT(report.fused_reductions, count / 25);
  std::cout << report.graphs << " graphs, " << report.native_kernels_run
            << " native kernel runs, " << report.fused_reductions << " fused reductions\n";
}

}  // namespace
}  // namespace rill::codegen
