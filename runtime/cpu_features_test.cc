// Tests for HostCpuFeatures: stable across calls and consistent (AVX-512 implies AVX2+FMA).
#include "runtime/cpu_features.h"

#include "gtest/gtest.h"

namespace rill::runtime {
namespace {

TEST(CpuFeaturesTest, ProbedOnceAndConsistent) {
  const CpuFeatures& a = HostCpuFeatures();
  const CpuFeatures& b = HostCpuFeatures();
  EXPECT_EQ(&a, &b);
  if (a.avx512f) {
    EXPECT_TRUE(a.avx2_fma);
  }
}

#if defined(__x86_64__)
TEST(CpuFeaturesTest, MatchesCompilerProbe) {
  __builtin_cpu_init();
  EXPECT_EQ(HostCpuFeatures().avx2_fma,
            __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"));
}
#endif

}  // namespace
}  // namespace rill::runtime
