// Tests the element-wise helpers directly on a KernelContext: unary, broadcasting binary,
// per-element errors, dtype checks, and the wrapping integer arithmetic.
#include "ops/elementwise.h"

#include <cstdint>
#include <limits>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

class ElementwiseTest : public ::testing::Test {
 protected:
  KernelContext Context(std::vector<Tensor> inputs, DataType out) {
    std::vector<KernelInput> in;
    for (Tensor& t : inputs) in.push_back({std::move(t), nullptr});
    return KernelContext("n", "Op", AttrSlice(attrs_, nullptr), std::move(in), {out});
  }
  AttrMap attrs_;
};

TEST_F(ElementwiseTest, Unary) {
  KernelContext c = Context({MakeTensor<float>({3}, {1, -2, 3})}, DT_FLOAT);
  ASSERT_OK(UnaryElementwise<float>(c, [](float x) { return -x; }));
  EXPECT_THAT(c.output(0).tensor, TensorEq(MakeTensor<float>({3}, {-1, 2, -3})));
  KernelContext b = Context({MakeTensor<float>({2}, {1, -2})}, DT_BOOL);
  ASSERT_OK((UnaryElementwise<float, bool>(b, [](float x) { return x > 0; })));
  EXPECT_THAT(b.output(0).tensor, TensorEq(MakeTensor<bool>({2}, {true, false})));
  // R must match the declared output dtype: a kernel bug is Internal.
  KernelContext wrong = Context({MakeTensor<float>({1}, {1})}, DT_DOUBLE);
  EXPECT_THAT(UnaryElementwise<float>(wrong, [](float x) { return x; }),
              StatusCodeIs(absl::StatusCode::kInternal));
}

TEST_F(ElementwiseTest, BinaryBroadcasts) {
  KernelContext c = Context(
      {MakeTensor<int32_t>({2, 1}, {10, 20}), MakeTensor<int32_t>({3}, {1, 2, 3})}, DT_INT32);
  ASSERT_OK(BinaryElementwise<int32_t>(c, [](int32_t x, int32_t y) { return x - y; }));
  EXPECT_THAT(c.output(0).tensor, TensorEq(MakeTensor<int32_t>({2, 3}, {9, 8, 7, 19, 18, 17})));
  KernelContext bad =
      Context({MakeTensor<int32_t>({2}, {1, 2}), MakeTensor<int32_t>({3}, {1, 2, 3})}, DT_INT32);
  EXPECT_THAT(
      BinaryElementwise<int32_t>(bad, [](int32_t x, int32_t y) { return x + y; }),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'n' (Op): incompatible shapes for broadcasting: [2] vs [3]")));
}

TEST_F(ElementwiseTest, BinaryWithPerElementErrors) {
  auto div = [](int32_t x, int32_t y) -> absl::StatusOr<int32_t> {
    if (y == 0) return absl::InvalidArgumentError("integer division by zero");
    return x / y;
  };
  KernelContext ok =
      Context({MakeTensor<int32_t>({2}, {6, 9}), MakeTensor<int32_t>({}, {3})}, DT_INT32);
  ASSERT_OK(BinaryElementwiseOrError<int32_t>(ok, div));
  EXPECT_THAT(ok.output(0).tensor, TensorEq(MakeTensor<int32_t>({2}, {2, 3})));
  KernelContext zero =
      Context({MakeTensor<int32_t>({2}, {6, 9}), MakeTensor<int32_t>({2}, {1, 0})}, DT_INT32);
  EXPECT_THAT(BinaryElementwiseOrError<int32_t>(zero, div),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'n' (Op): integer division by zero")));
}

TEST(WrappingArithmeticTest, WrapsLikeTwosComplement) {
  EXPECT_EQ(WrappingAdd<int32_t>(std::numeric_limits<int32_t>::max(), 1),
            std::numeric_limits<int32_t>::min());
  EXPECT_EQ(WrappingSub<int64_t>(std::numeric_limits<int64_t>::min(), 1),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(WrappingMul<int32_t>(65536, 65536), 0);
  EXPECT_EQ(WrappingMul<uint8_t>(16, 17), 16);
  EXPECT_EQ(WrappingMul<int64_t>(-3, 4), -12);
  EXPECT_EQ(WrappingAdd<float>(0.5f, 0.25f), 0.75f);
  EXPECT_EQ(WrappingAdd<std::string>("a", "b"), "ab");
}

}  // namespace
}  // namespace rill
