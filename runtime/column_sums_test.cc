// Tests for ColumnSums: hand-checked sums, agreement with a double-precision sum for chunked
// sizes, row order for small m (bitwise), and 1/2/3 threads bitwise equal.
#include "runtime/column_sums.h"

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace rill::runtime {
namespace {

TEST(ColumnSumsTest, HandChecked) {
  const std::vector<float> x = {1, 2, 3, 10, 20, 30};
  std::vector<float> sums(3, 7.0f);
  ColumnSums(2, 3, x.data(), sums.data(), nullptr);
  EXPECT_EQ(sums, (std::vector<float>{11, 22, 33}));
  ColumnSums(0, 3, nullptr, sums.data(), nullptr);
  EXPECT_EQ(sums, (std::vector<float>{0, 0, 0}));
}

TEST(ColumnSumsTest, MatchesRowOrderAndDoublePrecision) {
  ThreadPool two(2), three(3);
  std::mt19937 gen(1);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int64_t m : {1, 5, 4095, 8192, 73728, 100003}) {
    for (int64_t n : {1, 20, 40, 67}) {
      std::vector<float> x(m * n);
      for (float& v : x) v = dist(gen);
      std::vector<std::vector<float>> got;
      for (ThreadPool* pool : {static_cast<ThreadPool*>(nullptr), &two, &three}) {
        got.emplace_back(n, 7.0f);
        ColumnSums(m, n, x.data(), got.back().data(), pool);
      }
      for (int i : {1, 2}) {
        EXPECT_EQ(std::memcmp(got[0].data(), got[i].data(), n * sizeof(float)), 0) << m << "x" << n;
      }
      for (int64_t j = 0; j < n; ++j) {
        float row_order = 0.0f;
        double exact = 0.0, scale = 0.0;
        for (int64_t i = 0; i < m; ++i) {
          row_order += x[i * n + j];
          exact += x[i * n + j];
          scale += std::fabs(x[i * n + j]);
        }
        if (m < 8192) {
          EXPECT_EQ(got[0][j], row_order) << m << "x" << n << " column " << j;
        }
        EXPECT_NEAR(got[0][j], exact, 1e-5 * scale) << m << "x" << n << " column " << j;
      }
    }
  }
}

}  // namespace
}  // namespace rill::runtime
