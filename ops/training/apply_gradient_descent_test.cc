// Tests ApplyGradientDescent: signature, shape table (ref inputs are variables), hand-checked
// updates in f32 and f64 over several steps, edge cases and kernel errors.
#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/state_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"
#include "ops/training/testing/apply_test_util.h"
#include "ops/training_ops.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::rill::training::testing::ApplyRun;
using ::rill::training::testing::InferApplyShape;
using ::rill::training::testing::RunApplyOp;
using ::testing::HasSubstr;

TEST(ApplyGradientDescentOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("ApplyGradientDescent");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "ApplyGradientDescent(var: Ref(T), alpha: T, delta: T) -> (out: Ref(T)); attrs: T: "
            "{float, double}, use_locking: bool = false; flags: stateful");
  EXPECT_TRUE(op->no_gradient);
}

TEST(ApplyGradientDescentOpTest, Shapes) {
  const auto infer = [](const std::string& var, const std::string& alpha,
                        const std::string& delta) {
    return InferApplyShape("ApplyGradientDescent", 1,
                           {{DT_FLOAT, var}, {DT_FLOAT, alpha}, {DT_FLOAT, delta}});
  };
  EXPECT_THAT(infer("[2,3]", "[]", "[2,3]"), HoldsValue(std::string("[2,3]")));
  EXPECT_THAT(infer("[?,3]", "[]", "[4,?]"), HoldsValue(std::string("[4,3]")));
  EXPECT_THAT(infer("?", "?", "[5]"), HoldsValue(std::string("[5]")));
  EXPECT_THAT(infer("?", "[]", "?"), HoldsValue(std::string("<unknown>")));
  EXPECT_THAT(infer("[2,3]", "[]", "[3]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ApplyGradientDescent): var [2,3] and delta [3] do "
                                 "not have the same shape")));
  EXPECT_THAT(infer("[2]", "[1]", "[2]"), StatusIs(absl::StatusCode::kInvalidArgument,
                                                   HasSubstr("alpha must have rank 0, got [1]")));
  // var must be a reference (a variable), not a value.
  Scope root = Scope::NewRootScope();
  ops::ApplyGradientDescent(root, ops::Const(root, {1.f}), ops::Const(root, 1.f),
                            ops::Const(root, {1.f}));
  EXPECT_THAT(root.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ApplyGradientDescent")));
  // Integer variables are not accepted (TensorFlow has float kernels only).
  EXPECT_THAT(InferApplyShape("ApplyGradientDescent", 1,
                              {{DT_INT32, "[2]"}, {DT_INT32, "[]"}, {DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is int32")));
}

TEST(ApplyGradientDescentOpTest, Updates) {
  // var - alpha * delta: [1, 2, 3] - 0.5 * [2, -4, 0] = [0, 4, 3]; a second step: [-1, 6, 3].
  ASSERT_OK_AND_ASSIGN(ApplyRun run,
                       RunApplyOp("ApplyGradientDescent", 1,
                                  {MakeTensor<float>({3}, {1, 2, 3}), MakeTensor<float>({}, {0.5f}),
                                   MakeTensor<float>({3}, {2, -4, 0})},
                                  {}, 2));
  EXPECT_THAT(run.outputs[0], TensorEq(MakeTensor<float>({3}, {0, 4, 3})));
  EXPECT_THAT(run.outputs[1], TensorEq(MakeTensor<float>({3}, {-1, 6, 3})));
  EXPECT_THAT(run.variables[0], TensorEq(MakeTensor<float>({3}, {-1, 6, 3})));
  // f64, 2-D, use_locking accepted: [[0.25, -1]] - 0.1 * [[2.5, -10]] = [[0, 0]].
  ASSERT_OK_AND_ASSIGN(
      run, RunApplyOp("ApplyGradientDescent", 1,
                      {MakeTensor<double>({1, 2}, {0.25, -1}), MakeTensor<double>({}, {0.1}),
                       MakeTensor<double>({1, 2}, {2.5, -10})},
                      {{"use_locking", MakeAttr(true)}}));
  EXPECT_THAT(run.variables[0], TensorEq(MakeTensor<double>({1, 2}, {0.25 - 0.1 * 2.5, 0.0})));
  // An empty variable stays empty.
  ASSERT_OK_AND_ASSIGN(run, RunApplyOp("ApplyGradientDescent", 1,
                                       {MakeTensor<double>({0}, {}), MakeTensor<double>({}, {0.1}),
                                        MakeTensor<double>({0}, {})}));
  EXPECT_EQ(run.variables[0].num_elements(), 0);
}

TEST(ApplyGradientDescentOpTest, KernelErrors) {
  // A variable whose shape was left open is checked when the update runs.
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), PartialShape::Unknown(), DT_FLOAT);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, {1.f, 2.f}), {.validate_shape = false});
  Output d = ops::Placeholder(root.WithOpName("d"), DT_FLOAT);
  Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT);
  ops::ApplyGradientDescent(root.WithOpName("sgd"), v, a, d);
  ASSERT_OK(root.status());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter,
                       Interpreter::Create(*root.graph()));
  // Before the initializer ran.
  EXPECT_THAT(
      interpreter->Run({{"a", MakeTensor<float>({}, {1})}, {"d", MakeTensor<float>({2}, {1, 1})}},
                       {"sgd"}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("node 'sgd' (ApplyGradientDescent): attempting to use "
                         "uninitialized variable 'v' (input var)")));
  ASSERT_OK(interpreter->Run({}, {}, {"init"}).status());
  EXPECT_THAT(
      interpreter->Run(
          {{"a", MakeTensor<float>({}, {1})}, {"d", MakeTensor<float>({3}, {1, 1, 1})}}, {"sgd"}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'sgd' (ApplyGradientDescent): var and delta do not have "
                         "the same shape: [2] vs [3]")));
  EXPECT_THAT(
      interpreter->Run({{"a", MakeTensor<float>({1}, {1})}, {"d", MakeTensor<float>({2}, {1, 1})}},
                       {"sgd"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("alpha is not a scalar: [1]")));
  // Failed updates wrote nothing.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> value, interpreter->Run({}, {"v"}));
  EXPECT_THAT(value[0], TensorEq(MakeTensor<float>({2}, {1, 2})));
}

}  // namespace
}  // namespace rill
