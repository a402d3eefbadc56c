// Tests for PackA / PackB: every transpose and a padded leading dimension, compared element by
// element with op(A) / op(B), including the zero padding of the last panel.
#include "runtime/gemm_pack.h"

#include <vector>

#include "gtest/gtest.h"

namespace rill::runtime::gemm_internal {
namespace {

TEST(GemmPackTest, PackAPanelsAndPadding) {
  for (bool trans : {false, true}) {
    for (int mr : {4, 6, 12, 5}) {
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
      const int64_t panels = (mb + mr - 1) / mr;
      std::vector<float> out(panels * kb * mr, -1.0f);
      PackA(g, i0, mb, p0, kb, mr, out.data());
      for (int64_t panel = 0; panel < panels; ++panel) {
        for (int64_t p = 0; p < kb; ++p) {
          for (int r = 0; r < mr; ++r) {
            const int64_t row = panel * mr + r;
            const float want = row < mb ? op(i0 + row, p0 + p) : 0.0f;
            EXPECT_EQ(out[panel * kb * mr + p * mr + r], want)
                << "trans=" << trans << " mr=" << mr << " row=" << row << " p=" << p;
          }
        }
      }
    }
  }
}

TEST(GemmPackTest, PackBPanelsAndPadding) {
  for (bool trans : {false, true}) {
    for (int nr : {8, 16, 32, 7}) {
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
      const int64_t panels = (nb + nr - 1) / nr;
      std::vector<float> out(panels * kb * nr, -1.0f);
      PackB(g, p0, kb, j0, nb, nr, out.data());
      for (int64_t panel = 0; panel < panels; ++panel) {
        for (int64_t p = 0; p < kb; ++p) {
          for (int j = 0; j < nr; ++j) {
            const int64_t col = panel * nr + j;
            const float want = col < nb ? op(p0 + p, j0 + col) : 0.0f;
            EXPECT_EQ(out[panel * kb * nr + p * nr + j], want)
                << "trans=" << trans << " nr=" << nr << " col=" << col << " p=" << p;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace rill::runtime::gemm_internal
