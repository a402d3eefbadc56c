// Tests for PackA / PackB: every transpose and a padded leading dimension, compared element by
// element with op(A) / op(B), including the zero padding of the last panel, for every tile width
// of the micro-kernels (4, 6, 8, 12, 16, 32) and another width (the generic loops).
#include "runtime/gemm_pack.h"

#include <functional>
#include <vector>

#include "gtest/gtest.h"

namespace rill::runtime::gemm_internal {
namespace {

// Expects `out` to hold ceil(count / width) panels of kb x width floats: out[panel * kb * width
// + p * width + j] = want(panel * width + j, p) below `count`, 0 past it.
void ExpectPanels(const std::vector<float>& out, int64_t count, int64_t kb, int width,
                  const std::function<float(int64_t index, int64_t p)>& want) {
  const int64_t panels = (count + width - 1) / width;
  ASSERT_EQ(static_cast<int64_t>(out.size()), panels * kb * width);
  for (int64_t panel = 0; panel < panels; ++panel) {
    for (int64_t p = 0; p < kb; ++p) {
      for (int j = 0; j < width; ++j) {
        const int64_t index = panel * width + j;
        EXPECT_EQ(out[panel * kb * width + p * width + j], index < count ? want(index, p) : 0.0f)
            << "width=" << width << " index=" << index << " p=" << p;
      }
    }
  }
}

TEST(GemmPackTest, PackAPanelsAndPadding) {
  for (bool trans : {false, true}) {
    for (int mr : {4, 6, 12, 16, 5}) {
      SCOPED_TRACE(::testing::Message() << "trans=" << trans);
      GemmArgs g;
      g.trans_a = trans;
      g.m = 23;
      g.k = 19;
      g.lda = (trans ? g.m : g.k) + 3;
      std::vector<float> a((trans ? g.k : g.m) * g.lda);
      for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(i + 1);
      g.a = a.data();
      auto op = [&](int64_t i, int64_t p) { return trans ? a[p * g.lda + i] : a[i * g.lda + p]; };
      const int64_t i0 = 2, mb = 17, p0 = 3, kb = 11;
      std::vector<float> out((mb + mr - 1) / mr * kb * mr, -1.0f);
      PackA(g, i0, mb, p0, kb, mr, out.data());
      ExpectPanels(out, mb, kb, mr, [&](int64_t row, int64_t p) { return op(i0 + row, p0 + p); });
    }
  }
}

TEST(GemmPackTest, PackBPanelsAndPadding) {
  for (bool trans : {false, true}) {
    for (int nr : {8, 16, 32, 6, 7}) {
      SCOPED_TRACE(::testing::Message() << "trans=" << trans);
      GemmArgs g;
      g.trans_b = trans;
      g.k = 21;
      g.n = 50;
      g.ldb = (trans ? g.k : g.n) + 5;
      std::vector<float> b((trans ? g.n : g.k) * g.ldb);
      for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(i + 1);
      g.b = b.data();
      auto op = [&](int64_t p, int64_t j) { return trans ? b[j * g.ldb + p] : b[p * g.ldb + j]; };
      const int64_t p0 = 4, kb = 13, j0 = 3, nb = 41;
      std::vector<float> out((nb + nr - 1) / nr * kb * nr, -1.0f);
      PackB(g, p0, kb, j0, nb, nr, out.data());
      ExpectPanels(out, nb, kb, nr, [&](int64_t col, int64_t p) { return op(p0 + p, j0 + col); });
    }
  }
}

}  // namespace
}  // namespace rill::runtime::gemm_internal
