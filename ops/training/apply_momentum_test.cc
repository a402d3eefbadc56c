// Tests ApplyMomentum: signature, shape table, hand-checked updates (plain and Nesterov, f32
// and f64, two steps) and the slot checks.
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
using ::rill::testing::TensorNear;
using ::rill::training::testing::ApplyRun;
using ::rill::training::testing::InferApplyShape;
using ::rill::training::testing::RunApplyOp;
using ::testing::HasSubstr;

// var, accum, lr, grad, momentum.
template <typename T>
std::vector<Tensor> Inputs() {
  return {MakeTensor<T>({2}, {1, 2}), MakeTensor<T>({2}, {0.5, 0}), MakeTensor<T>({}, {0.1}),
          MakeTensor<T>({2}, {2, -1}), MakeTensor<T>({}, {0.9})};
}

TEST(ApplyMomentumOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("ApplyMomentum");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "ApplyMomentum(var: Ref(T), accum: Ref(T), lr: T, grad: T, momentum: T) -> (out: "
            "Ref(T)); attrs: T: {float, double}, use_locking: bool = false, use_nesterov: bool = "
            "false; flags: stateful");
  EXPECT_TRUE(op->no_gradient);
}

TEST(ApplyMomentumOpTest, Shapes) {
  const auto infer = [](const char* var, const char* accum, const char* lr, const char* grad,
                        const char* momentum) {
    return InferApplyShape("ApplyMomentum", 2,
                           {{DT_DOUBLE, var},
                            {DT_DOUBLE, accum},
                            {DT_DOUBLE, lr},
                            {DT_DOUBLE, grad},
                            {DT_DOUBLE, momentum}});
  };
  EXPECT_THAT(infer("[3]", "[3]", "[]", "[3]", "[]"), HoldsValue(std::string("[3]")));
  EXPECT_THAT(infer("[?,2]", "[5,?]", "?", "?", "[]"), HoldsValue(std::string("[5,2]")));
  EXPECT_THAT(infer("?", "?", "[]", "?", "[]"), HoldsValue(std::string("<unknown>")));
  EXPECT_THAT(infer("[3]", "[4]", "[]", "[3]", "[]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ApplyMomentum): var [3] and accum [4] do not have "
                                 "the same shape")));
  EXPECT_THAT(infer("[3]", "[3]", "[]", "[3,1]", "[]"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("and grad [3,1]")));
  EXPECT_THAT(infer("[3]", "[3]", "[]", "[3]", "[2]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("momentum must have rank 0, got [2]")));
}

TEST(ApplyMomentumOpTest, Updates) {
  // accum = accum * 0.9 + grad = [2.45, -1]; var -= 0.1 * accum: [0.755, 2.1].
  // Step 2: accum = [4.205, -1.9]; var = [0.3345, 2.29].
  ASSERT_OK_AND_ASSIGN(ApplyRun run, RunApplyOp("ApplyMomentum", 2, Inputs<float>(), {}, 2));
  EXPECT_THAT(run.outputs[0], TensorNear(MakeTensor<float>({2}, {0.755f, 2.1f}), 1e-6, 1e-6));
  EXPECT_THAT(run.variables[0], TensorNear(MakeTensor<float>({2}, {0.3345f, 2.29f}), 1e-6, 1e-6));
  EXPECT_THAT(run.variables[1], TensorNear(MakeTensor<float>({2}, {4.205f, -1.9f}), 1e-6, 1e-6));
  ASSERT_OK_AND_ASSIGN(run, RunApplyOp("ApplyMomentum", 2, Inputs<double>()));
  EXPECT_THAT(run.variables[0], TensorNear(MakeTensor<double>({2}, {0.755, 2.1}), 1e-15, 1e-15));
  EXPECT_THAT(run.variables[1], TensorNear(MakeTensor<double>({2}, {2.45, -1}), 1e-15, 1e-15));
}

TEST(ApplyMomentumOpTest, Nesterov) {
  // accum = [2.45, -1]; var -= grad * lr + accum * momentum * lr
  //   = [1 - (0.2 + 0.2205), 2 - (-0.1 - 0.09)] = [0.5795, 2.19].
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    ASSERT_OK_AND_ASSIGN(
        ApplyRun run,
        RunApplyOp("ApplyMomentum", 2, dtype == DT_FLOAT ? Inputs<float>() : Inputs<double>(),
                   {{"use_nesterov", MakeAttr(true)}, {"use_locking", MakeAttr(true)}}));
    const double tol = dtype == DT_FLOAT ? 1e-6 : 1e-15;
    EXPECT_THAT(run.variables[0],
                TensorNear(dtype == DT_FLOAT ? MakeTensor<float>({2}, {0.5795f, 2.19f})
                                             : MakeTensor<double>({2}, {0.5795, 2.19}),
                           tol, tol));
  }
}

TEST(ApplyMomentumOpTest, SlotMustMatchTheVariable) {
  std::vector<Tensor> in = Inputs<float>();
  in[1] = MakeTensor<float>({3}, {0, 0, 0});
  // The variables' declared shapes differ, so the builder already rejects it.
  EXPECT_THAT(RunApplyOp("ApplyMomentum", 2, in),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("var [2] and accum [3]")));

  // Variables with open declared shapes are checked when the update runs.
  Scope root = Scope::NewRootScope();
  Output var = ops::VariableV2(root.WithOpName("var"), PartialShape::Unknown(), DT_FLOAT);
  Output accum = ops::VariableV2(root.WithOpName("accum"), PartialShape::Unknown(), DT_FLOAT);
  ops::Assign(root.WithOpName("init_var"), var, ops::Const(root, {1.f, 2.f}),
              {.validate_shape = false});
  ops::Assign(root.WithOpName("init_accum"), accum, ops::Const(root, {1.f}),
              {.validate_shape = false});
  ops::ApplyMomentum(root.WithOpName("momentum"), var, accum, ops::Const(root, 0.1f),
                     ops::Const(root, {1.f, 1.f}), ops::Const(root, 0.9f));
  ASSERT_OK(root.status());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter,
                       Interpreter::Create(*root.graph()));
  ASSERT_OK(interpreter->Run({}, {}, {"init_var", "init_accum"}).status());
  EXPECT_THAT(interpreter->Run({}, {}, {"momentum"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'momentum' (ApplyMomentum): var and accum do not have the "
                                 "same shape: [2] vs [1]")));
}

}  // namespace
}  // namespace rill
