// Tests the gradient checker itself: it accepts right gradients and rejects wrong ones (so op
// tests that use it can fail), handles const inputs, unknown dims and multiple outputs.
#include "ops/testing/gradient_checker.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/op_builder.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

using ::testing::HasSubstr;

// x * x with a wrong gradient (dy * x instead of 2 * dy * x).
RILL_REGISTER_OP("TestCheckerWrongSquare")
    .Input("x: double")
    .Output("y: double")
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetGradient([](GradientContext& c) {
      c.set_input_grad(0, ops::Mul(c.scope(), c.grad(0), c.input(0)));
      return absl::OkStatus();
    })
    .SetReferenceKernel([](KernelContext& c) {
      ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, c.input(0).shape()));
      for (int64_t i = 0; i < out.num_elements(); ++i) {
        const double x = c.input(0).data<double>()[i];
        out.data<double>()[i] = x * x;
      }
      return absl::OkStatus();
    });

TEST(GradientCheckerTest, AcceptsRightGradients) {
  EXPECT_OK(CheckOpGradients("Mul", {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 1),
                                     RandomTensor(DT_DOUBLE, TensorShape({3}), 2)}));
}

TEST(GradientCheckerTest, RejectsWrongGradients) {
  EXPECT_THAT(
      CheckOpGradients("TestCheckerWrongSquare", {MakeTensor<double>({2}, {1, 2})}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 0 element 1: symbolic")));
}

TEST(GradientCheckerTest, ConstInputsUnknownDimsAndSeveralOutputs) {
  auto fn = [](const Scope& s, const std::vector<Output>& in) {
    Output sum = ops::Sum(s, in[0], in[1]);
    return std::vector<Output>{sum, ops::Mul(s, in[0], in[0]), ops::Shape(s, in[0])};
  };
  GradientCheckOptions o;
  o.const_inputs = {1};
  o.placeholder_shapes = {{0, PartialShape({-1, 2})}};
  EXPECT_OK(CheckGradients(
      fn, {RandomTensor(DT_DOUBLE, TensorShape({3, 2}), 3), MakeTensor<int32_t>({1}, {0})}, o));
}

TEST(GradientCheckerTest, Errors) {
  auto no_float = [](const Scope& s, const std::vector<Output>& in) {
    return std::vector<Output>{ops::Shape(s, in[0])};
  };
  EXPECT_THAT(CheckGradients(no_float, {MakeTensor<double>({1}, {1})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no float outputs")));
  auto identity = [](const Scope& s, const std::vector<Output>& in) {
    return std::vector<Output>{ops::Identity(s, in[0])};
  };
  EXPECT_THAT(CheckGradients(identity, {MakeTensor<float>({1}, {1})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no double inputs")));
}

}  // namespace
}  // namespace rill::testing
