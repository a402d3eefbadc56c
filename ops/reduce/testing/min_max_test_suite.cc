// The MinMaxOpTest cases (see min_max_test_suite.h): signature, the reduction shape table,
// builder, kernel tables, NaN/empty/error edge cases and the gradient vs central differences.
#include "ops/reduce/testing/min_max_test_suite.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "ops/array_ops.h"
#include "ops/nn/testing/const_input_shapes.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Axes(std::vector<int32_t> axes) {
  return MakeTensor<int32_t>({static_cast<int64_t>(axes.size())}, axes);
}

namespace {

KernelRow Row(Tensor input, Tensor axes, bool keep_dims = false) {
  return KernelRow{{std::move(input), std::move(axes)}, {{"keep_dims", MakeAttr(keep_dims)}}, {}};
}

// The rows with the op's expected values filled in (a size mismatch is a bug in the test).
std::vector<KernelRow> WithExpected(std::vector<KernelRow> rows,
                                    const std::vector<Tensor>& expected) {
  EXPECT_EQ(rows.size(), expected.size()) << "one expected tensor per input row";
  for (size_t i = 0; i < rows.size() && i < expected.size(); ++i) {
    rows[i].expected = {expected[i]};
  }
  return rows;
}

}  // namespace

std::vector<KernelRow> MinMaxKernelInputs() {
  const Tensor x = MakeTensor<float>({2, 3}, {1, 5, 3, 4, -2, 6});
  return {
      Row(x, Axes({1})),
      Row(x, Axes({0})),
      Row(x, MakeTensor<int32_t>({}, {-2})),
      Row(x, Axes({0, 1}), true),
      Row(MakeTensor<double>({2, 2}, {-1, -7, 0.5, -3}), MakeTensor<int64_t>({1}, {1})),
      Row(MakeTensor<int32_t>({3}, {-4, 9, 2}), Axes({0})),
      Row(MakeTensor<int64_t>({3}, {int64_t{1} << 40, -(int64_t{1} << 40), -1}), Axes({0})),
      Row(MakeTensor<uint8_t>({2, 2}, {200, 3, 7, 255}), Axes({1}), true),
  };
}

std::vector<KernelRow> MinMaxEmptyGroupInputs() {
  return {
      Row(MakeTensor<float>({2, 0}, {}), Axes({1})),
      Row(MakeTensor<int32_t>({0}, {}), Axes({0})),
      Row(MakeTensor<uint8_t>({0}, {}), Axes({0})),
  };
}

void PrintTo(const MinMaxOpParam& param, std::ostream* os) { *os << param.op; }

namespace {

TEST_P(MinMaxOpTest, Signature) {
  const std::string& name = GetParam().op;
  const OpRegistration* op = OpRegistry::Global()->Find(name);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            absl::StrCat(name,
                         "(input: T, reduction_indices: Tidx) -> (output: T); attrs: keep_dims: "
                         "bool = false, T: {float, double, int32, int64, uint8}, Tidx: {int32, "
                         "int64} = int32"));
  EXPECT_TRUE(op->gradient != nullptr);
  EXPECT_TRUE(op->reference_kernel != nullptr);
}

TEST_P(MinMaxOpTest, ShapeTable) {
  const std::string& op = GetParam().op;
  const auto keep = OpAttrs{{"keep_dims", MakeAttr(true)}};
  const ShapeInput x{DT_FLOAT, "[2,3,4]"};
  EXPECT_THAT(InferShapesWithConsts(op, {x, Axes({1})}), HoldsValue(ElementsAre("[2,4]")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, Axes({1})}, keep), HoldsValue(ElementsAre("[2,1,4]")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, Axes({-1, 0})}), HoldsValue(ElementsAre("[3]")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, Axes({2, 2})}), HoldsValue(ElementsAre("[2,3]")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, Axes({})}), HoldsValue(ElementsAre("[2,3,4]")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, MakeTensor<int64_t>({}, {0})}),
              HoldsValue(ElementsAre("[3,4]")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, Axes({0, 1, 2})}), HoldsValue(ElementsAre("[]")));
  // Unknown dims stay unknown; unknown rank or unknown axes give what keep_dims allows.
  EXPECT_THAT(InferShapesWithConsts(op, {ShapeInput{DT_DOUBLE, "[?,3]"}, Axes({1})}),
              HoldsValue(ElementsAre("[?]")));
  EXPECT_THAT(InferShapesWithConsts(op, {ShapeInput{DT_DOUBLE, "?"}, Axes({1})}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, ShapeInput{DT_INT32, "[1]"}}),
              HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, ShapeInput{DT_INT32, "[1]"}}, keep),
              HoldsValue(ElementsAre("[?,?,?]")));
  // Errors.
  EXPECT_THAT(InferShapesWithConsts(op, {x, Axes({3})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): invalid reduction axis 3 for input of rank 3"))));
  EXPECT_THAT(InferShapesWithConsts(op, {x, Axes({-4})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("axis -4")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, ShapeInput{DT_INT32, "[1,1]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scalar or vector")));
  EXPECT_THAT(InferShapesWithConsts(op, {ShapeInput{DT_BOOL, "[2]"}, Axes({0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is bool")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, MakeTensor<float>({}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Tidx")));
}

TEST_P(MinMaxOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 5}});
  Output m = GetParam().builder(root, x, ops::Const(root, 1), {.keep_dims = true});
  ASSERT_OK(root.status());
  EXPECT_EQ(m.node()->op(), GetParam().op);
  EXPECT_EQ(m.shape().DebugString(), "[?,1]");
}

TEST_P(MinMaxOpTest, KernelEveryDtype) {
  ExpectKernelRows(GetParam().op, WithExpected(MinMaxKernelInputs(), GetParam().kernel_expected));
  // No axes: nothing is reduced.
  const Tensor x = MakeTensor<float>({2, 3}, {1, 5, 3, 4, -2, 6});
  EXPECT_THAT(RunOp(GetParam().op, {x, Axes({})}), HoldsValue(ElementsAre(TensorEq(x))));
}

TEST_P(MinMaxOpTest, KernelEdgeCases) {
  const std::string& op = GetParam().op;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // NaN propagates wherever it sits in the group.
  ASSERT_OK_AND_ASSIGN(auto out, RunOp(op, {MakeTensor<float>({2, 2}, {nan, 1, 2, nan}),
                                            Axes({1})}));
  EXPECT_TRUE(std::isnan(out[0].data<float>()[0]));
  EXPECT_TRUE(std::isnan(out[0].data<float>()[1]));
  // Empty groups give the identity; an empty input stays empty.
  ExpectKernelRows(op,
                   WithExpected(MinMaxEmptyGroupInputs(), GetParam().empty_group_expected));
  EXPECT_THAT(RunOp(op, {MakeTensor<float>({0, 3}, {}), Axes({1})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<float>({0}, {})))));
  // A scalar reduced over no axes is itself.
  EXPECT_THAT(RunOp(op, {MakeTensor<double>({}, {2.5}), Axes({})}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<double>({}, {2.5})))));
  // Axes known only at run time are checked by the kernel, which names the node.
  EXPECT_THAT(RunOp(op, {MakeTensor<float>({2}, {1, 2}), Axes({1})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): invalid reduction axis 1 for input of rank 1"))));
  EXPECT_THAT(RunOp(op, {MakeTensor<float>({2}, {1, 2}), MakeTensor<int32_t>({1, 1}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scalar or vector")));
  // Constant axes: the static shape is exact and the kernel agrees with it.
  EXPECT_THAT(
      RunOpWithConstInputs(op, {MakeTensor<float>({2, 3}, {1, 5, 3, 4, -2, 6}), Axes({-1})},
                           {false, true}),
      HoldsValue(ElementsAre(TensorEq(GetParam().last_axis_of_2x3))));
}

TEST_P(MinMaxOpTest, Gradient) {
  const std::string& op = GetParam().op;
  GradientCheckOptions options;
  options.const_inputs = {1};
  EXPECT_OK(CheckOpGradients(op, {RandomTensor(DT_DOUBLE, TensorShape({3, 4}), 1), Axes({1})}, {},
                             options));
  EXPECT_OK(CheckOpGradients(op,
                             {RandomTensor(DT_DOUBLE, TensorShape({2, 3, 2}), 2), Axes({0, -1})},
                             {{"keep_dims", MakeAttr(true)}}, options));
  EXPECT_OK(
      CheckOpGradients(op, {RandomTensor(DT_DOUBLE, TensorShape({5}), 3), Axes({})}, {}, options));
}

TEST_P(MinMaxOpTest, GradientSplitsTies) {
  // The tied copies each get half of dy (and the third element none). Written through
  // CheckGradients so the tie is exact: x * [1, 1, 0] + [0, 0, tie_offset].
  GradientCheckOptions options;
  options.const_inputs = {1, 2};
  auto builder = GetParam().builder;
  EXPECT_OK(CheckGradients(
      [builder](const Scope& s, const std::vector<Output>& in) {
        Output tied = ops::Add(s, ops::Mul(s, in[0], in[1]), in[2]);
        return std::vector<Output>{builder(s, tied, ops::Const(s, 0), {})};
      },
      {MakeTensor<double>({}, {0.7}), MakeTensor<double>({3}, {1, 1, 0}),
       MakeTensor<double>({3}, {0, 0, GetParam().tie_offset})},
      options));
}

TEST_P(MinMaxOpTest, GradientWithUnknownBatchDimension) {
  const std::string& op = GetParam().op;
  GradientCheckOptions options;
  options.const_inputs = {1};
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(op, {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 5), Axes({1})}, {},
                             options));
  EXPECT_OK(CheckOpGradients(op, {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 6), Axes({0})},
                             {{"keep_dims", MakeAttr(true)}}, options));
}

}  // namespace
}  // namespace rill::testing
