// Tests ApplyAdam: signature, shape table, hand-checked first steps (plain and Nesterov, f32 and
// f64), the bias correction over several steps against a direct evaluation of the formulas, and
// the slot checks.
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

// var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad: the first Adam step
// (beta powers = beta1, beta2) from m = v = 0.
template <typename T>
std::vector<Tensor> FirstStep() {
  return {MakeTensor<T>({2}, {1, -1}),  MakeTensor<T>({2}, {0, 0}), MakeTensor<T>({2}, {0, 0}),
          MakeTensor<T>({}, {0.9}),     MakeTensor<T>({}, {0.999}), MakeTensor<T>({}, {0.1}),
          MakeTensor<T>({}, {0.9}),     MakeTensor<T>({}, {0.999}), MakeTensor<T>({}, {1e-8}),
          MakeTensor<T>({2}, {2, -0.5})};
}

TEST(ApplyAdamOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("ApplyAdam");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "ApplyAdam(var: Ref(T), m: Ref(T), v: Ref(T), beta1_power: T, beta2_power: T, lr: T, "
            "beta1: T, beta2: T, epsilon: T, grad: T) -> (out: Ref(T)); attrs: T: {float, "
            "double}, use_locking: bool = false, use_nesterov: bool = false; flags: stateful");
  EXPECT_TRUE(op->no_gradient);
}

TEST(ApplyAdamOpTest, Shapes) {
  const auto infer = [](const char* var, const char* m, const char* v, const char* scalar,
                        const char* grad) {
    return InferApplyShape("ApplyAdam", 3,
                           {{DT_FLOAT, var},
                            {DT_FLOAT, m},
                            {DT_FLOAT, v},
                            {DT_FLOAT, scalar},
                            {DT_FLOAT, "[]"},
                            {DT_FLOAT, "[]"},
                            {DT_FLOAT, "[]"},
                            {DT_FLOAT, "[]"},
                            {DT_FLOAT, "[]"},
                            {DT_FLOAT, grad}});
  };
  EXPECT_THAT(infer("[4,3]", "[4,3]", "[4,3]", "[]", "[4,3]"), HoldsValue(std::string("[4,3]")));
  EXPECT_THAT(infer("[?,3]", "?", "[4,?]", "?", "?"), HoldsValue(std::string("[4,3]")));
  EXPECT_THAT(infer("?", "?", "?", "[]", "?"), HoldsValue(std::string("<unknown>")));
  EXPECT_THAT(infer("[4,3]", "[4,3]", "[3,4]", "[]", "[4,3]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (ApplyAdam): var [4,3] and v [3,4] do not have the "
                                 "same shape")));
  EXPECT_THAT(infer("[4]", "[4]", "[4]", "[1]", "[4]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("beta1_power must have rank 0, got [1]")));
}

TEST(ApplyAdamOpTest, FirstStepMovesByAboutLr) {
  // lr_t = 0.1 * sqrt(1 - 0.999) / (1 - 0.9) = sqrt(0.001); m = 0.1 g; v = 0.001 g^2;
  // var -= m lr_t / (sqrt(v) + eps) = 0.1 sign(g) |g| sqrt(0.001) / (|g| sqrt(0.001) + 1e-8).
  const double lr_t = std::sqrt(0.001);
  const auto step = [&](double g) { return 0.1 * g * lr_t / (std::fabs(g) * lr_t + 1e-8); };
  ASSERT_OK_AND_ASSIGN(ApplyRun run, RunApplyOp("ApplyAdam", 3, FirstStep<double>()));
  EXPECT_THAT(run.variables[0],
              TensorNear(MakeTensor<double>({2}, {1 - step(2), -1 - step(-0.5)}), 1e-14, 1e-14));
  EXPECT_NEAR(run.variables[0].data<double>()[0], 0.9, 1e-6);  // |update| ~ lr
  EXPECT_THAT(run.variables[1], TensorNear(MakeTensor<double>({2}, {0.2, -0.05}), 1e-15, 1e-15));
  EXPECT_THAT(run.variables[2],
              TensorNear(MakeTensor<double>({2}, {0.004, 0.00025}), 1e-15, 1e-15));
  ASSERT_OK_AND_ASSIGN(run, RunApplyOp("ApplyAdam", 3, FirstStep<float>()));
  EXPECT_THAT(run.variables[0],
              TensorNear(MakeTensor<float>({2}, {static_cast<float>(1 - step(2)),
                                                 static_cast<float>(-1 - step(-0.5))}),
                         1e-6, 1e-6));
}

TEST(ApplyAdamOpTest, Nesterov) {
  // var -= (g (1 - beta1) + beta1 m) lr_t / (sqrt(v) + eps), with the updated m = 0.1 g:
  // the numerator is 0.19 g.
  const double lr_t = std::sqrt(0.001);
  const auto step = [&](double g) { return 0.19 * g * lr_t / (std::fabs(g) * lr_t + 1e-8); };
  ASSERT_OK_AND_ASSIGN(ApplyRun run, RunApplyOp("ApplyAdam", 3, FirstStep<double>(),
                                                {{"use_nesterov", MakeAttr(true)}}));
  EXPECT_THAT(run.variables[0],
              TensorNear(MakeTensor<double>({2}, {1 - step(2), -1 - step(-0.5)}), 1e-14, 1e-14));
}

TEST(ApplyAdamOpTest, StepsMatchTheFormulas) {
  // Three steps with fixed beta powers and gradient, against the formulas evaluated directly.
  std::vector<Tensor> in = FirstStep<double>();
  in[3] = MakeTensor<double>({}, {0.5});
  in[4] = MakeTensor<double>({}, {0.25});
  ASSERT_OK_AND_ASSIGN(ApplyRun run, RunApplyOp("ApplyAdam", 3, in, {}, 3));
  double var = 1, m = 0, v = 0;
  const double g = 2, lr_t = 0.1 * std::sqrt(1 - 0.25) / (1 - 0.5);
  for (int step = 0; step < 3; ++step) {
    m += (g - m) * (1 - 0.9);
    v += (g * g - v) * (1 - 0.999);
    var -= m * lr_t / (std::sqrt(v) + 1e-8);
    EXPECT_NEAR(run.outputs[step].data<double>()[0], var, 1e-14) << "step " << step;
  }
}

TEST(ApplyAdamOpTest, SlotMustMatchTheVariable) {
  std::vector<Tensor> in = FirstStep<float>();
  in[1] = MakeTensor<float>({1}, {0});
  EXPECT_THAT(RunApplyOp("ApplyAdam", 3, in),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("var [2] and m [1]")));
}

}  // namespace
}  // namespace rill
