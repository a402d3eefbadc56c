// Tests ApplyAdagrad: signature, shape table, hand-checked updates in f32 and f64 (with and
// without update_slots, two steps), and the slot checks.
#include <cmath>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/op_registry.h"
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

// var, accum, lr, grad.
template <typename T>
std::vector<Tensor> Inputs() {
  return {MakeTensor<T>({2}, {1, 2}), MakeTensor<T>({2}, {0.75, 3}), MakeTensor<T>({}, {0.3}),
          MakeTensor<T>({2}, {0.5, -1})};
}

TEST(ApplyAdagradOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("ApplyAdagrad");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "ApplyAdagrad(var: Ref(T), accum: Ref(T), lr: T, grad: T) -> (out: Ref(T)); attrs: "
            "T: {float, double}, use_locking: bool = false, update_slots: bool = true; flags: "
            "stateful");
  EXPECT_TRUE(op->no_gradient);
}

TEST(ApplyAdagradOpTest, Shapes) {
  const auto infer = [](const char* var, const char* accum, const char* lr, const char* grad) {
    return InferApplyShape("ApplyAdagrad", 2,
                           {{DT_FLOAT, var}, {DT_FLOAT, accum}, {DT_FLOAT, lr}, {DT_FLOAT, grad}});
  };
  EXPECT_THAT(infer("[2,2]", "[2,2]", "[]", "[2,2]"), HoldsValue(std::string("[2,2]")));
  EXPECT_THAT(infer("[?]", "?", "?", "[9]"), HoldsValue(std::string("[9]")));
  EXPECT_THAT(infer("[]", "[]", "[]", "[]"), HoldsValue(std::string("[]")));
  EXPECT_THAT(infer("[2]", "[]", "[]", "[2]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ApplyAdagrad): var [2] and accum [] do not have the "
                                 "same shape")));
  EXPECT_THAT(
      infer("[2]", "[2]", "[1,1]", "[2]"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("lr must have rank 0, got [1,1]")));
}

TEST(ApplyAdagradOpTest, Updates) {
  // accum += g^2: [1, 4]; var -= 0.3 g / sqrt(accum): [1 - 0.15, 2 + 0.15] = [0.85, 2.15].
  // Step 2: accum [1.25, 5]; var [0.85 - 0.15 / sqrt(1.25), 2.15 + 0.3 / sqrt(5)].
  ASSERT_OK_AND_ASSIGN(ApplyRun run, RunApplyOp("ApplyAdagrad", 2, Inputs<double>(), {}, 2));
  EXPECT_THAT(run.outputs[0], TensorNear(MakeTensor<double>({2}, {0.85, 2.15}), 1e-15, 1e-15));
  EXPECT_THAT(run.variables[0], TensorNear(MakeTensor<double>({2}, {0.85 - 0.15 / std::sqrt(1.25),
                                                                    2.15 + 0.3 / std::sqrt(5.0)}),
                                           1e-15, 1e-15));
  EXPECT_THAT(run.variables[1], TensorNear(MakeTensor<double>({2}, {1.25, 5}), 1e-15, 1e-15));
  ASSERT_OK_AND_ASSIGN(run, RunApplyOp("ApplyAdagrad", 2, Inputs<float>()));
  EXPECT_THAT(run.variables[0], TensorNear(MakeTensor<float>({2}, {0.85f, 2.15f}), 1e-6, 1e-6));
}

TEST(ApplyAdagradOpTest, WithoutSlotUpdates) {
  // accum stays [0.75, 3]; var -= 0.3 g / sqrt(accum).
  ASSERT_OK_AND_ASSIGN(ApplyRun run, RunApplyOp("ApplyAdagrad", 2, Inputs<double>(),
                                                {{"update_slots", MakeAttr(false)}}));
  EXPECT_THAT(
      run.variables[0],
      TensorNear(MakeTensor<double>({2}, {1 - 0.15 / std::sqrt(0.75), 2 + 0.3 / std::sqrt(3.0)}),
                 1e-15, 1e-15));
  EXPECT_THAT(run.variables[1], TensorNear(MakeTensor<double>({2}, {0.75, 3}), 0, 0));
}

TEST(ApplyAdagradOpTest, SlotMustMatchTheVariable) {
  std::vector<Tensor> in = Inputs<float>();
  in[3] = MakeTensor<float>({3}, {1, 1, 1});
  EXPECT_THAT(RunApplyOp("ApplyAdagrad", 2, in),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("var [2] and grad [3]")));
}

}  // namespace
}  // namespace rill
