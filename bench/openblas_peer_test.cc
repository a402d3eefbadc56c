// Tests for the OpenBLAS peer: every transpose combination and accumulation agree with the
// reference product (skipped where OpenBLAS is not installed).
#include "bench/openblas_peer.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/gemm.h"

namespace rill::bench {
namespace {

TEST(OpenBlasPeerTest, MatchesReferenceForAllTransposes) {
  std::string why;
  OpenBlas* blas = OpenBlas::Get(&why);
  if (blas == nullptr) GTEST_SKIP() << why;
  const int64_t m = 7, n = 5, k = 9;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> a(m * k), b(k * n);
  for (float& x : a) x = u(rng);
  for (float& x : b) x = u(rng);
  for (int ta = 0; ta < 2; ++ta) {
    for (int tb = 0; tb < 2; ++tb) {
      for (int acc = 0; acc < 2; ++acc) {
        std::vector<float> want(m * n, 0.5f), got(m * n, 0.5f);
        runtime::GemmArgs g;
        g.trans_a = ta;
        g.trans_b = tb;
        g.m = m;
        g.n = n;
        g.k = k;
        g.a = a.data();
        g.lda = ta ? m : k;
        g.b = b.data();
        g.ldb = tb ? k : n;
        g.ldc = n;
        g.accumulate = acc;
        g.c = want.data();
        runtime::SgemmReference(g);
        g.c = got.data();
        blas->Sgemm(g, 1 + (ta + tb) % 2);
        for (int64_t i = 0; i < m * n; ++i) {
          EXPECT_NEAR(got[i], want[i], 1e-4) << "ta=" << ta << " tb=" << tb << " acc=" << acc;
        }
      }
    }
  }
}

}  // namespace
}  // namespace rill::bench
