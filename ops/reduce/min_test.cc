// Tests Min: signature, the reduction shape table (constant, unknown and bad axes), the kernel
// on hand-checked values for every dtype (NaN, empty groups, negative and int64 axes), and the
// gradient against central differences (ties split, unknown batch dim).
#include <cmath>
#include <cstdint>
#include <limits>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/nn/testing/const_input_shapes.h"
#include "ops/op_registry.h"
#include "ops/reduce_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithConsts;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::ShapeInput;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Axes(std::vector<int32_t> axes) {
  return MakeTensor<int32_t>({static_cast<int64_t>(axes.size())}, axes);
}

TEST(MinOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("Min");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "Min(input: T, reduction_indices: Tidx) -> (output: T); attrs: keep_dims: bool = "
            "false, T: {float, double, int32, int64, uint8}, Tidx: {int32, int64} = int32");
  EXPECT_TRUE(op->gradient != nullptr);
  EXPECT_TRUE(op->reference_kernel != nullptr);
}

TEST(MinOpTest, ShapeTable) {
  const auto keep = testing::OpAttrs{{"keep_dims", MakeAttr(true)}};
  const ShapeInput x{DT_FLOAT, "[2,3,4]"};
  EXPECT_THAT(InferShapesWithConsts("Min", {x, Axes({1})}), HoldsValue(ElementsAre("[2,4]")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, Axes({1})}, keep),
              HoldsValue(ElementsAre("[2,1,4]")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, Axes({-1, 0})}), HoldsValue(ElementsAre("[3]")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, Axes({2, 2})}), HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, Axes({})}), HoldsValue(ElementsAre("[2,3,4]")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, MakeTensor<int64_t>({}, {0})}),
              HoldsValue(ElementsAre("[3,4]")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, Axes({0, 1, 2})}), HoldsValue(ElementsAre("[]")));
  // Unknown dims stay unknown; unknown rank or unknown axes give what keep_dims allows.
  EXPECT_THAT(InferShapesWithConsts("Min", {ShapeInput{DT_DOUBLE, "[?,3]"}, Axes({1})}),
              HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferShapesWithConsts("Min", {ShapeInput{DT_DOUBLE, "?"}, Axes({1})}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, ShapeInput{DT_INT32, "[1]"}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, ShapeInput{DT_INT32, "[1]"}}, keep),
              HoldsValue(ElementsAre("[?,?,?]")));
  // Errors.
  EXPECT_THAT(InferShapesWithConsts("Min", {x, Axes({3})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Min): invalid reduction axis 3 for input of rank 3")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, Axes({-4})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("axis -4")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, ShapeInput{DT_INT32, "[1,1]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scalar or vector")));
  EXPECT_THAT(InferShapesWithConsts("Min", {ShapeInput{DT_BOOL, "[2]"}, Axes({0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is bool")));
  EXPECT_THAT(InferShapesWithConsts("Min", {x, MakeTensor<float>({}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Tidx")));
}

TEST(MinOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 5}});
  Output m = ops::Min(root, x, ops::Const(root, 1), {.keep_dims = true});
  ASSERT_OK(root.status());
  EXPECT_EQ(m.node()->op(), "Min");
  EXPECT_EQ(m.shape().DebugString(), "[?,1]");
}

TEST(MinOpTest, KernelEveryDtype) {
  const Tensor x = MakeTensor<float>({2, 3}, {1, 5, 3, 4, -2, 6});
  auto run = [](const Tensor& in, const Tensor& axes, bool keep = false) {
    return RunOp("Min", {in, axes}, {{"keep_dims", MakeAttr(keep)}});
  };
  EXPECT_THAT(run(x, Axes({1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2}, {1, -2})))));
  EXPECT_THAT(run(x, Axes({0})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({3}, {1, -2, 3})))));
  EXPECT_THAT(run(x, MakeTensor<int32_t>({}, {-2})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({3}, {1, -2, 3})))));
  EXPECT_THAT(run(x, Axes({0, 1}), true),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({1, 1}, {-2})))));
  EXPECT_THAT(run(x, Axes({})), HoldsValue(ElementsAre(TensorEq(x))));
  EXPECT_THAT(run(MakeTensor<double>({2, 2}, {-1, -7, 0.5, -3}), MakeTensor<int64_t>({1}, {1})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({2}, {-7, -3})))));
  EXPECT_THAT(run(MakeTensor<int32_t>({3}, {-4, 9, 2}), Axes({0})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int32_t>({}, {-4})))));
  EXPECT_THAT(run(MakeTensor<int64_t>({2}, {-(int64_t{1} << 40), -1}), Axes({0})),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {-(int64_t{1} << 40)})))));
  EXPECT_THAT(run(MakeTensor<uint8_t>({2, 2}, {200, 3, 7, 255}), Axes({1}), true),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<uint8_t>({2, 1}, {3, 7})))));
}

TEST(MinOpTest, KernelEdgeCases) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // NaN propagates wherever it sits in the group.
  ASSERT_OK_AND_ASSIGN(auto out, RunOp("Min", {MakeTensor<float>({2, 2}, {nan, 1, 2, nan}),
                                               Axes({1})}));
  EXPECT_TRUE(std::isnan(out[0].data<float>()[0]));
  EXPECT_TRUE(std::isnan(out[0].data<float>()[1]));
  // Empty groups give +inf (floats) or the largest value (integers); an empty input stays empty.
  EXPECT_THAT(RunOp("Min", {MakeTensor<float>({2, 0}, {}), Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2}, {inf, inf})))));
  EXPECT_THAT(RunOp("Min", {MakeTensor<uint8_t>({0}, {}), Axes({0})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<uint8_t>({}, {255})))));
  EXPECT_THAT(RunOp("Min", {MakeTensor<float>({0, 3}, {}), Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({0}, {})))));
  // A scalar reduced over no axes is itself.
  EXPECT_THAT(RunOp("Min", {MakeTensor<double>({}, {2.5}), Axes({})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({}, {2.5})))));
  // Axes known only at run time are checked by the kernel, which names the node.
  EXPECT_THAT(RunOp("Min", {MakeTensor<float>({2}, {1, 2}), Axes({1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Min): invalid reduction axis 1 for input of rank 1")));
  EXPECT_THAT(RunOp("Min", {MakeTensor<float>({2}, {1, 2}), MakeTensor<int32_t>({1, 1}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scalar or vector")));
  // Constant axes: the static shape is exact and the kernel agrees with it.
  EXPECT_THAT(RunOpWithConstInputs("Min", {MakeTensor<float>({2, 3}, {1, 5, 3, 4, -2, 6}),
                                           Axes({-1})},
                                   {false, true}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({2}, {1, -2})))));
}

TEST(MinOpTest, Gradient) {
  GradientCheckOptions options;
  options.const_inputs = {1};
  EXPECT_OK(CheckOpGradients(
      "Min", {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1), Axes({1})}, {}, options));
  EXPECT_OK(CheckOpGradients("Min",
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 2}), 2), Axes({0, -1})},
                             {{"keep_dims", MakeAttr(true)}}, options));
  EXPECT_OK(CheckOpGradients("Min", {RandomTensor(DT_DOUBLE, TensorShape({5}), 3), Axes({})}, {},
                             options));
}

TEST(MinOpTest, GradientSplitsTies) {
  // min(a, a, b) with a < b: each copy of a gets half of dy (and b none). Written through
  // CheckGradients so the tie is exact: x * [1, 1, 0] + [0, 0, 5].
  GradientCheckOptions options;
  options.const_inputs = {1, 2};
  EXPECT_OK(CheckGradients(
      [](const Scope& s, const std::vector<Output>& in) {
        Output tied = ops::Add(s, ops::Mul(s, in[0], in[1]), in[2]);
        return std::vector<Output>{ops::Min(s, tied, ops::Const(s, 0))};
      },
      {MakeTensor<double>({}, {0.7}), MakeTensor<double>({3}, {1, 1, 0}),
       MakeTensor<double>({3}, {0, 0, 5})},
      options));
}

TEST(MinOpTest, GradientWithUnknownBatchDimension) {
  GradientCheckOptions options;
  options.const_inputs = {1};
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(
      "Min", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 5), Axes({1})}, {}, options));
  EXPECT_OK(CheckOpGradients("Min", {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 6), Axes({0})},
                             {{"keep_dims", MakeAttr(true)}}, options));
}

}  // namespace
}  // namespace rill
