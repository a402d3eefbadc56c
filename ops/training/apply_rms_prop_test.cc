// Tests ApplyRMSProp: signature, shape table, hand-checked updates in f32 and f64 over two
// steps, and the slot checks.
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
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorNear;
using ::rill::training::testing::ApplyRun;
using ::rill::training::testing::InferApplyShape;
using ::rill::training::testing::RunApplyOp;
using ::testing::HasSubstr;

// var, ms, mom, lr, rho, momentum, epsilon, grad.
template <typename T>
std::vector<Tensor> Inputs() {
  return {MakeTensor<T>({2}, {1, 0}), MakeTensor<T>({2}, {1, 0}), MakeTensor<T>({2}, {0.1, 0}),
          MakeTensor<T>({}, {0.01}),  MakeTensor<T>({}, {0.9}),   MakeTensor<T>({}, {0.5}),
          MakeTensor<T>({}, {0.14}),  MakeTensor<T>({2}, {2, 0})};
}

TEST(ApplyRMSPropOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("ApplyRMSProp");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "ApplyRMSProp(var: Ref(T), ms: Ref(T), mom: Ref(T), lr: T, rho: T, momentum: T, "
            "epsilon: T, grad: T) -> (out: Ref(T)); attrs: T: {float, double}, use_locking: bool "
            "= false; flags: stateful");
  EXPECT_TRUE(op->no_gradient);
}

TEST(ApplyRMSPropOpTest, Shapes) {
  const auto infer = [](const char* var, const char* ms, const char* mom, const char* eps,
                        const char* grad) {
    return InferApplyShape("ApplyRMSProp", 3,
                           {{DT_DOUBLE, var},
                            {DT_DOUBLE, ms},
                            {DT_DOUBLE, mom},
                            {DT_DOUBLE, "[]"},
                            {DT_DOUBLE, "[]"},
                            {DT_DOUBLE, "[]"},
                            {DT_DOUBLE, eps},
                            {DT_DOUBLE, grad}});
  };
  EXPECT_THAT(infer("[2]", "[2]", "[2]", "[]", "[2]"), HoldsValue(std::string("[2]")));
  EXPECT_THAT(infer("?", "[?,7]", "?", "?", "[1,?]"), HoldsValue(std::string("[1,7]")));
  EXPECT_THAT(infer("[2]", "[2]", "[1]", "[]", "[2]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ApplyRMSProp): var [2] and mom [1] do not have the "
                                 "same shape")));
  EXPECT_THAT(
      infer("[2]", "[2]", "[2]", "[2]", "[2]"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("epsilon must have rank 0, got [2]")));
}

TEST(ApplyRMSPropOpTest, Updates) {
  // Element 0: ms = 1 + (4 - 1) * 0.1 = 1.3; mom = 0.1 * 0.5 + 2 * 0.01 / sqrt(1.3 + 0.14)
  // = 0.05 + 0.02 / 1.2 = 0.0666...; var = 1 - 0.0666... = 0.9333...
  // Element 1 (zero gradient, zero state): unchanged.
  // Step 2, element 0: ms = 1.3 + 2.7 * 0.1 = 1.57; mom = 0.0333... + 0.02 / sqrt(1.71);
  // var = 0.9333... - mom.
  const double mom1 = 0.05 + 0.02 / 1.2;
  const double mom2 = mom1 * 0.5 + 0.02 / std::sqrt(1.71);
  ASSERT_OK_AND_ASSIGN(ApplyRun run, RunApplyOp("ApplyRMSProp", 3, Inputs<double>(), {}, 2));
  EXPECT_THAT(run.outputs[0], TensorNear(MakeTensor<double>({2}, {1 - mom1, 0}), 1e-15, 1e-15));
  EXPECT_THAT(run.variables[0],
              TensorNear(MakeTensor<double>({2}, {1 - mom1 - mom2, 0}), 1e-15, 1e-15));
  EXPECT_THAT(run.variables[1], TensorNear(MakeTensor<double>({2}, {1.57, 0}), 1e-15, 1e-15));
  EXPECT_THAT(run.variables[2], TensorNear(MakeTensor<double>({2}, {mom2, 0}), 1e-15, 1e-15));
  ASSERT_OK_AND_ASSIGN(run, RunApplyOp("ApplyRMSProp", 3, Inputs<float>()));
  EXPECT_THAT(run.variables[0],
              TensorNear(MakeTensor<float>({2}, {static_cast<float>(1 - mom1), 0}), 1e-6, 1e-6));
}

TEST(ApplyRMSPropOpTest, SlotMustMatchTheVariable) {
  std::vector<Tensor> in = Inputs<float>();
  in[1] = MakeTensor<float>({2, 1}, {0, 0});
  EXPECT_THAT(RunApplyOp("ApplyRMSProp", 3, in),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("var [2] and ms [2,1]")));
}

}  // namespace
}  // namespace rill
