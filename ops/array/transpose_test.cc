// Tests Transpose: shape table (constant and unknown perm, unknown ranks, errors), kernel values
// for every dtype, runtime errors, and the gradient in f64 (incl. an unknown batch dim).
#include <cstdint>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::InferWithValues;
using ::rill::testing::MakeTensor;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::StatusIs;
using ::rill::testing::Val;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Perm(std::vector<int32_t> p) {
  return MakeTensor<int32_t>({static_cast<int64_t>(p.size())}, p);
}

TEST(TransposeOpTest, ShapeTable) {
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3,4]"), Val(Perm({2, 0, 1}))}),
              HoldsValue(ElementsAre("[4,2,3]")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,?]"), Val(Perm({1, 0}))}),
              HoldsValue(ElementsAre("[?,2]")));
  EXPECT_THAT(InferShapesWithValues("Transpose",
                                    {Ph(DT_FLOAT, "[2,3]"), Val(MakeTensor<int64_t>({2}, {1, 0}))}),
              HoldsValue(ElementsAre("[3,2]")));
  // Unknown perm values: the rank is still known from x or from perm's length.
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3,4]"), Ph(DT_INT32, "[3]")}),
              HoldsValue(ElementsAre("[?,?,?]")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "?"), Ph(DT_INT32, "[2]")}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "?"), Val(Perm({1, 0}))}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "?"), Ph(DT_INT32, "[?]")}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[]"), Val(Perm({}))}),
              HoldsValue(ElementsAre("[]")));
}

TEST(TransposeOpTest, ShapeErrors) {
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3]"), Val(Perm({0, 0}))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Transpose): perm has 0 twice")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3]"), Val(Perm({0, 2}))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("perm[1] = 2 is out of range [0, 2)")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3]"), Val(Perm({-1, 0}))}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("perm[0] = -1")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3]"), Val(Perm({0}))}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("transpose expects a vector of size 2. But input(1) is a vector "
                                 "of size 1")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3]"), Ph(DT_INT32, "[3]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("vector of size 2")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3]"), Ph(DT_INT32, "[2,1]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("perm must have rank 1")));
  EXPECT_THAT(InferShapesWithValues("Transpose", {Ph(DT_FLOAT, "[2,3]"), Ph(DT_FLOAT, "[2]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Tperm")));
}

TEST(TransposeOpTest, PublishesConstantIntegerResults) {
  ASSERT_OK_AND_ASSIGN(auto inferred,
                       InferWithValues("Transpose", {Val(MakeTensor<int32_t>({2, 2}, {1, 2, 3, 4})),
                                                     Val(Perm({1, 0}))}));
  EXPECT_EQ(inferred.values[0], "int32 [2,2] {1, 3, 2, 4}");
}

TEST(TransposeOpTest, KernelValues) {
  // [[1,2,3],[4,5,6]] -> [[1,4],[2,5],[3,6]].
  ExpectOpOutput("Transpose", {MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6}), Perm({1, 0})}, {},
                 {MakeTensor<float>({3, 2}, {1, 4, 2, 5, 3, 6})});
  // out[a,b,c] = x[b,c,a] with x = 0..7 of shape [2,2,2].
  ExpectOpOutput("Transpose",
                 {MakeTensor<double>({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7}), Perm({2, 0, 1})}, {},
                 {MakeTensor<double>({2, 2, 2}, {0, 2, 4, 6, 1, 3, 5, 7})});
  // Identity permutation, a scalar, an empty tensor, and an int64 perm.
  ExpectOpOutput("Transpose", {MakeTensor<int32_t>({3}, {7, 8, 9}), Perm({0})}, {},
                 {MakeTensor<int32_t>({3}, {7, 8, 9})});
  ExpectOpOutput("Transpose", {MakeTensor<int64_t>({}, {5}), Perm({})}, {},
                 {MakeTensor<int64_t>({}, {5})});
  ExpectOpOutput("Transpose", {MakeTensor<uint8_t>({0, 3}, {}), Perm({1, 0})}, {},
                 {MakeTensor<uint8_t>({3, 0}, {})});
  ExpectOpOutput("Transpose",
                 {MakeTensor<bool>({1, 2}, {true, false}), MakeTensor<int64_t>({2}, {1, 0})}, {},
                 {MakeTensor<bool>({2, 1}, {true, false})});
  ExpectOpOutput("Transpose", {MakeTensor<std::string>({2, 2}, {"a", "b", "c", "d"}), Perm({1, 0})},
                 {}, {MakeTensor<std::string>({2, 2}, {"a", "c", "b", "d"})});
}

TEST(TransposeOpTest, ConstantPermGivesTheSameValues) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<Tensor> out,
      RunOpWithConstInputs("Transpose",
                           {MakeTensor<float>({1, 2, 3}, {1, 2, 3, 4, 5, 6}), Perm({2, 1, 0})},
                           {false, true}));
  EXPECT_THAT(out[0], testing::TensorEq(MakeTensor<float>({3, 2, 1}, {1, 4, 2, 5, 3, 6})));
}

TEST(TransposeOpTest, KernelErrorsNameTheNode) {
  EXPECT_THAT(RunOp("Transpose", {MakeTensor<float>({2, 2}, {1, 2, 3, 4}), Perm({1, 1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Transpose): perm has 1 twice")));
  EXPECT_THAT(RunOp("Transpose", {MakeTensor<float>({2, 2}, {1, 2, 3, 4}), Perm({0, 5})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("perm[1] = 5")));
}

TEST(TransposeOpTest, Gradient) {
  GradientCheckOptions constant_perm;
  constant_perm.const_inputs = {1};
  EXPECT_OK(CheckOpGradients("Transpose",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 4}), 1), Perm({2, 0, 1})},
                             {}, constant_perm));
  EXPECT_OK(CheckOpGradients("Transpose",
                             {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 2), Perm({1, 0})}));
  // Fed (non-constant) perm and an unknown batch dim: the inverse is computed at run time.
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 2, 3})}};
  EXPECT_OK(CheckOpGradients("Transpose",
                             {RandomTensor(DT_DOUBLE, TensorShape({4, 2, 3}), 3), Perm({1, 2, 0})},
                             {}, unknown_batch));
}

TEST(TransposeOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 5}});
  Output y = ops::Transpose(root, x, ops::Const(root, {1, 0}));
  ASSERT_OK(root.status());
  EXPECT_EQ(y.node()->op(), "Transpose");
  EXPECT_EQ(y.shape().DebugString(), "[5,?]");
  EXPECT_EQ(y.node()->attrs().at("Tperm").type(), DT_INT32);
}

}  // namespace
}  // namespace rill
