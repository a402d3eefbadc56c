// Tests for the oneDNN peer: each convolution pass in both layouts, and matmul with transposes,
// agree with rill's reference loops (a wrong layout or operand order would not).
#include "bench/onednn_peer.h"

#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/conv2d.h"
#include "runtime/gemm.h"

namespace rill::bench {
namespace {

std::vector<float> Random(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> v(n);
  for (float& x : v) x = u(rng);
  return v;
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-4) << "at " << i;
}

class DnnlConvTest : public ::testing::TestWithParam<DnnlLayout> {};

TEST_P(DnnlConvTest, PassesMatchReference) {
  // Asymmetric sizes so that swapped H/W or C/N would be caught.
  runtime::Conv2DShape s;
  s.batch = 2;
  s.in_h = 9;
  s.in_w = 8;
  s.in_c = 3;
  s.filter_h = 3;
  s.filter_w = 2;
  s.out_c = 5;
  s.out_h = 7;
  s.out_w = 7;
  const int64_t in_n = 2 * 9 * 8 * 3, f_n = 3 * 2 * 3 * 5, out_n = 2 * 7 * 7 * 5;
  const auto input = Random(in_n, 1), filter = Random(f_n, 2), bias = Random(5, 3),
             dy = Random(out_n, 4);
  {
    std::vector<float> want(out_n), got(out_n);
    runtime::Conv2DForwardReference(s, input.data(), filter.data(), bias.data(), false,
                                    want.data());
    auto conv = DnnlConv::Create(s, ConvPass::kForward, GetParam(), 1, input.data(),
                                 filter.data(), bias.data(), got.data());
    ASSERT_TRUE(conv.ok()) << conv.status();
    (*conv)->Run();
    (*conv)->FetchOutput();
    ExpectNear(got, want);
  }
  {
    std::vector<float> want(in_n), got(in_n);
    runtime::Conv2DBackwardInputReference(s, filter.data(), dy.data(), want.data());
    auto conv = DnnlConv::Create(s, ConvPass::kBackwardInput, GetParam(), 2, filter.data(),
                                 dy.data(), nullptr, got.data());
    ASSERT_TRUE(conv.ok()) << conv.status();
    (*conv)->Run();
    (*conv)->FetchOutput();
    ExpectNear(got, want);
  }
  {
    std::vector<float> want(f_n), got(f_n);
    runtime::Conv2DBackwardFilterReference(s, input.data(), dy.data(), want.data());
    auto conv = DnnlConv::Create(s, ConvPass::kBackwardFilter, GetParam(), 1, input.data(),
                                 dy.data(), nullptr, got.data());
    ASSERT_TRUE(conv.ok()) << conv.status();
    (*conv)->Run();
    (*conv)->FetchOutput();
    ExpectNear(got, want);
    EXPECT_NE(std::string((*conv)->impl()), "");
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, DnnlConvTest,
                         ::testing::Values(DnnlLayout::kBlocked,
                                           DnnlLayout::kPlainWithReorders));

TEST(DnnlMatmulTest, MatchesReferenceForAllTransposes) {
  const int64_t m = 6, n = 4, k = 11;
  const auto a = Random(m * k, 5), b = Random(k * n, 6);
  for (int ta = 0; ta < 2; ++ta) {
    for (int tb = 0; tb < 2; ++tb) {
      std::vector<float> want(m * n), got(m * n);
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
      g.c = want.data();
      runtime::SgemmReference(g);
      g.c = got.data();
      auto mm = DnnlMatmul::Create(g, 1);
      ASSERT_TRUE(mm.ok()) << mm.status();
      (*mm)->Run();
      ExpectNear(got, want);
    }
  }
}

TEST(DnnlMatmulTest, RejectsAccumulate) {
  runtime::GemmArgs g;
  g.m = g.n = g.k = g.lda = g.ldb = g.ldc = 1;
  g.accumulate = true;
  EXPECT_EQ(DnnlMatmul::Create(g, 1).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rill::bench
