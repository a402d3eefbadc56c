// Tests the Equal/NotEqual helpers through both ops: the two agree as complements on broadcast
// inputs of every dtype, and in the lenient incompatible-shapes case.
#include "ops/math/equality.h"

#include <cstdint>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::math {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RunOp;
using ::testing::ElementsAre;

// Runs Equal and NotEqual on the same inputs and checks that every element of one is the
// negation of the other; returns Equal's output.
Tensor EqualAndComplement(const std::vector<Tensor>& inputs, const OpAttrs& attrs = {}) {
  absl::StatusOr<std::vector<Tensor>> eq = RunOp("Equal", inputs, attrs);
  absl::StatusOr<std::vector<Tensor>> ne = RunOp("NotEqual", inputs, attrs);
  EXPECT_OK(eq.status());
  EXPECT_OK(ne.status());
  if (!eq.ok() || !ne.ok()) return Tensor();
  const Tensor& a = (*eq)[0];
  const Tensor& b = (*ne)[0];
  EXPECT_EQ(a.shape(), b.shape());
  for (int64_t i = 0; i < a.num_elements() && i < b.num_elements(); ++i) {
    EXPECT_NE(a.data<bool>()[i], b.data<bool>()[i]) << "element " << i;
  }
  return a;
}

TEST(EqualityTest, EqualAndNotEqualAreComplements) {
  EXPECT_EQ(
      EqualAndComplement({MakeTensor<float>({2, 1}, {1, 2}), MakeTensor<float>({3}, {1, 2, 3})})
          .shape()
          .DebugString(),
      "[2,3]");
  EqualAndComplement(
      {MakeTensor<std::string>({2}, {"x", "y"}), MakeTensor<std::string>({}, {"y"})});
  EqualAndComplement({MakeTensor<bool>({3}, {true, false, true}), MakeTensor<bool>({1}, {true})});
  EqualAndComplement({MakeTensor<int64_t>({2}, {1, -1}), MakeTensor<int64_t>({2}, {1, 1})});
  EqualAndComplement({MakeTensor<double>({0, 2}, {}), MakeTensor<double>({2}, {1, 2})});
}

TEST(EqualityTest, LenientIncompatibleShapes) {
  const OpAttrs lenient = {{"incompatible_shape_error", MakeAttr(false)}};
  const Tensor eq = EqualAndComplement(
      {MakeTensor<uint8_t>({2}, {1, 2}), MakeTensor<uint8_t>({4}, {1, 2, 3, 4})}, lenient);
  EXPECT_EQ(eq.shape().DebugString(), "[]");
  // Compatible shapes broadcast as usual even when lenient.
  EXPECT_EQ(
      EqualAndComplement({MakeTensor<int32_t>({2}, {1, 2}), MakeTensor<int32_t>({}, {2})}, lenient)
          .shape()
          .DebugString(),
      "[2]");
  for (const char* op : {"Equal", "NotEqual"}) {
    EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, "[?,2]"}, {DT_FLOAT, "[3]"}}, lenient),
                HoldsValue(ElementsAre("<unknown>")));
    EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, "?"}, {DT_FLOAT, "[3]"}}, lenient),
                HoldsValue(ElementsAre("<unknown>")));
  }
}

}  // namespace
}  // namespace rill::math
