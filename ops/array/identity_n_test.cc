// Tests IdentityN: shapes and values pass through for mixed dtypes, published constants pass
// through, and gradients pass through (outputs without a gradient give none).
#include <cstdint>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::InferWithValues;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs Types(std::vector<DataType> t) { return {{"T", MakeAttr(t)}}; }

TEST(IdentityNOpTest, ShapesAndValuesPassThrough) {
  ASSERT_OK_AND_ASSIGN(
      auto inferred, InferWithValues("IdentityN",
                                     {Ph(DT_FLOAT, "[?,3]"), Val(MakeTensor<int32_t>({2}, {4, 5})),
                                      Ph(DT_STRING, "?")},
                                     Types({DT_FLOAT, DT_INT32, DT_STRING})));
  EXPECT_THAT(inferred.shapes, ElementsAre("[?,3]", "[2]", "<unknown>"));
  EXPECT_THAT(inferred.values, ElementsAre("", "int32 [2] {4, 5}", ""));
  EXPECT_THAT(InferWithValues("IdentityN", {Ph(DT_FLOAT, "[1]")}, Types({DT_INT32})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (IdentityN)")));
}

TEST(IdentityNOpTest, Kernel) {
  ExpectOpOutput("IdentityN",
                 {MakeTensor<float>({2}, {1, 2}), MakeTensor<bool>({}, {true}),
                  MakeTensor<std::string>({1}, {"z"})},
                 Types({DT_FLOAT, DT_BOOL, DT_STRING}),
                 {MakeTensor<float>({2}, {1, 2}), MakeTensor<bool>({}, {true}),
                  MakeTensor<std::string>({1}, {"z"})});
}

TEST(IdentityNOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients("IdentityN",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 2}), 1),
                              RandomTensor(DT_DOUBLE, TensorShape({3}), 2)},
                             Types({DT_DOUBLE, DT_DOUBLE})));
  // Only output 1 is used; an unknown batch dim on input 0.
  testing::GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 2})}};
  EXPECT_OK(CheckGradients(
      [](const Scope& s, const std::vector<Output>& in) {
        std::vector<Output> out = ops::IdentityN(s, in);
        return std::vector<Output>{ops::Mul(s, out[1], out[1])};
      },
      {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 3),
       RandomTensor(DT_DOUBLE, TensorShape({2}), 4)},
      options));
}

}  // namespace
}  // namespace rill
