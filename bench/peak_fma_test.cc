// Tests for the FMA peak probe: it measures something positive where the ISA exists and the
// figures are plausible for a CPU (a few GFLOP/s up to a few hundred per thread).
#include "bench/peak_fma.h"

#include "gtest/gtest.h"

namespace rill::bench {
namespace {

TEST(PeakFmaTest, Avx2ProbeRunsWhereSupported) {
  if (!FmaIsaSupported(FmaIsa::kAvx2)) GTEST_SKIP() << "no AVX2/FMA on this CPU";
  const double g = MeasureFmaGflops(FmaIsa::kAvx2, 1, 200000, 2);
  EXPECT_GT(g, 1.0);
  EXPECT_LT(g, 1000.0);
}

TEST(PeakFmaTest, Avx512ProbeRunsOrReportsZero) {
  const double g = MeasureFmaGflops(FmaIsa::kAvx512, 1, 100000, 2);
  if (FmaIsaSupported(FmaIsa::kAvx512)) {
    EXPECT_GT(g, 1.0);
  } else {
    EXPECT_EQ(g, 0.0);
  }
}

TEST(PeakFmaTest, RejectsDegenerateArguments) {
  EXPECT_EQ(MeasureFmaGflops(FmaIsa::kAvx2, 0, 1000, 1), 0.0);
  EXPECT_EQ(MeasureFmaGflops(FmaIsa::kAvx2, 1, 0, 1), 0.0);
}

TEST(PeakFmaTest, QuickPeakIsPositive) {
  if (!FmaIsaSupported(FmaIsa::kAvx2)) GTEST_SKIP() << "no AVX2/FMA on this CPU";
  EXPECT_GT(PeakGflops(2, /*quick=*/true), 0.0);
}

}  // namespace
}  // namespace rill::bench
