// Tests the tensor test helpers: literals, deterministic random tensors, matchers.
#include "ops/testing/tensor_test_util.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::testing {
namespace {

using ::testing::Not;

TEST(TensorTestUtilTest, MakeTensorAndToDoubles) {
  Tensor t = MakeTensor<int32_t>({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(t.shape(), TensorShape({2, 2}));
  EXPECT_EQ(ToDoubles(t), (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(ToDoubles(MakeTensor<bool>({2}, {true, false})), (std::vector<double>{1, 0}));
}

TEST(TensorTestUtilTest, RandomTensorsAreDeterministicAndBounded) {
  Tensor a = RandomTensor(DT_DOUBLE, TensorShape({100}), 7, -2, 2, 0.5);
  Tensor b = RandomTensor(DT_DOUBLE, TensorShape({100}), 7, -2, 2, 0.5);
  EXPECT_TRUE(a.BitwiseEqual(b));
  EXPECT_FALSE(a.BitwiseEqual(RandomTensor(DT_DOUBLE, TensorShape({100}), 8, -2, 2, 0.5)));
  for (double v : ToDoubles(a)) {
    EXPECT_GE(v, -2);
    EXPECT_LT(v, 2);
    EXPECT_GE(std::abs(v), 0.5);
  }
  std::mt19937_64 rng(1);
  for (int i = 0; i < 20; ++i) {
    TensorShape s = RandomShape(rng, 1, 3, 4);
    EXPECT_GE(s.rank(), 1);
    EXPECT_LE(s.rank(), 3);
    for (int64_t d : s.dims()) EXPECT_TRUE(d >= 1 && d <= 4);
  }
}

TEST(TensorTestUtilTest, Matchers) {
  const Tensor a = MakeTensor<float>({2}, {1, NAN});
  EXPECT_THAT(a, TensorEq(MakeTensor<float>({2}, {1, NAN})));
  EXPECT_THAT(a, Not(TensorEq(MakeTensor<float>({2}, {1, 2}))));
  EXPECT_THAT(a, Not(TensorEq(MakeTensor<float>({1, 2}, {1, NAN}))));
  EXPECT_THAT(a, Not(TensorEq(MakeTensor<double>({2}, {1, NAN}))));
  EXPECT_THAT(MakeTensor<float>({1}, {1.001f}), TensorNear(MakeTensor<float>({1}, {1}), 1e-2));
  EXPECT_THAT(MakeTensor<float>({1}, {1.1f}), Not(TensorNear(MakeTensor<float>({1}, {1}), 1e-2)));
  EXPECT_THAT(MakeTensor<std::string>({1}, {"a"}), TensorEq(MakeTensor<std::string>({1}, {"a"})));
  EXPECT_THAT(MakeTensor<std::string>({1}, {"a"}),
              Not(TensorEq(MakeTensor<std::string>({1}, {"b"}))));
}

}  // namespace
}  // namespace rill::testing
