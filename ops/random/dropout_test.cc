// Tests ops::Dropout: the mask is exactly RandomUniform(seeds) >= rate, the keep fraction and
// the expectation, noise_shape broadcasting, an unknown batch dim, fresh masks per Run,
// argument errors, and the gradient against central differences in f64 (each evaluation on a
// fresh executor, so every evaluation sees the same step-0 mask).
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/gradients.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/random_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::ToDoubles;
using ::testing::HasSubstr;

// Runs `fetches` of the scope's graph once on a fresh executor.
absl::StatusOr<std::vector<Tensor>> RunOnce(const Scope& root, const std::vector<Feed>& feeds,
                                            const std::vector<std::string>& fetches) {
  ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(*root.graph()));
  return interpreter->Run(feeds, fetches);
}

TEST(DropoutTest, MaskIsRandomUniformAtLeastRate) {
  Scope root = Scope::NewRootScope();
  const Tensor x_value = RandomTensor(DT_FLOAT, TensorShape({50, 40}), 1, 0.5, 1.5);
  Output x = ops::Const(root, x_value);
  Output y = ops::Dropout(root, x, 0.25, {.seed = 3, .seed2 = 4});
  // The same seeds give the same uniform values whatever the node's name.
  Output u =
      ops::RandomUniform(root, ops::Const(root, {50, 40}), DT_FLOAT, {.seed = 3, .seed2 = 4});
  ASSERT_OK(root.status());
  EXPECT_EQ(y.node()->name(), "dropout/Mul_1");
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunOnce(root, {}, {y.name(), u.name()}));
  const float scale = static_cast<float>(1.0 / 0.75);
  int dropped = 0;
  for (int64_t i = 0; i < x_value.num_elements(); ++i) {
    const float keep = out[1].data<float>()[i] >= 0.25f ? 1.0f : 0.0f;
    ASSERT_EQ(out[0].data<float>()[i], x_value.data<float>()[i] * scale * keep) << i;
    dropped += keep == 0.0f;
  }
  EXPECT_GT(dropped, 0);
  EXPECT_LT(dropped, x_value.num_elements());
}

TEST(DropoutTest, KeepFractionAndExpectation) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    SCOPED_TRACE(DataTypeString(dtype));
    Scope root = Scope::NewRootScope();
    Output ones = ops::Fill(root, ops::Const(root, {100000}),
                            dtype == DT_FLOAT ? ops::Const(root, 1.0f) : ops::Const(root, 1.0));
    Output y = ops::Dropout(root, ones, 0.3, {.seed = 8});
    ASSERT_OK(root.status());
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunOnce(root, {}, {y.name()}));
    double zeros = 0, sum = 0;
    for (double v : ToDoubles(out[0])) {
      zeros += v == 0.0;
      sum += v;
      if (v != 0.0) {
        ASSERT_NEAR(v, 1.0 / 0.7, 1e-6);
      }
    }
    // P(drop) = 0.3 (sd 1.4e-3); E[y] = 1 (sd 2.1e-3): about 5 sd slack.
    EXPECT_NEAR(zeros / 1e5, 0.3, 7e-3);
    EXPECT_NEAR(sum / 1e5, 1.0, 1.1e-2);
  }
}

TEST(DropoutTest, NoiseShapeDropsWholeRows) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Fill(root, ops::Const(root, {64, 5}), ops::Const(root, 2.0f));
  Output y = ops::Dropout(root, x, 0.5, {.noise_shape = ops::Const(root, {64, 1}), .seed = 1});
  ASSERT_OK(root.status());
  EXPECT_EQ(y.shape().DebugString(), "[64,5]");
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunOnce(root, {}, {y.name()}));
  int dropped_rows = 0;
  for (int r = 0; r < 64; ++r) {
    const float first = out[0].data<float>()[r * 5];
    EXPECT_TRUE(first == 0.0f || first == 4.0f) << first;
    for (int c = 1; c < 5; ++c) EXPECT_EQ(out[0].data<float>()[r * 5 + c], first) << r;
    dropped_rows += first == 0.0f;
  }
  EXPECT_GT(dropped_rows, 10);
  EXPECT_LT(dropped_rows, 54);
}

TEST(DropoutTest, UnknownBatchAndFreshMasksPerRun) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = PartialShape({-1, 4})});
  Output y = ops::Dropout(root, x, 0.5, {.seed = 5, .seed2 = 6});
  ASSERT_OK(root.status());
  EXPECT_EQ(y.shape().DebugString(), "[?,4]");
  const Tensor x_value = RandomTensor(DT_FLOAT, TensorShape({8, 4}), 2, 1.0, 2.0);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> a, Interpreter::Create(*root.graph()));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> b, Interpreter::Create(*root.graph()));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> a0, a->Run({{"x", x_value}}, {y.name()}));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> a1, a->Run({{"x", x_value}}, {y.name()}));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> b0, b->Run({{"x", x_value}}, {y.name()}));
  EXPECT_EQ(a0[0].shape().DebugString(), "[8,4]");
  EXPECT_TRUE(a0[0].BitwiseEqual(b0[0]));   // fixed seeds: reproducible
  EXPECT_FALSE(a0[0].BitwiseEqual(a1[0]));  // a new mask every Run
}

TEST(DropoutTest, Arguments) {
  {
    Scope root = Scope::NewRootScope();
    Output x = ops::Const(root.WithOpName("x"), {1.0, 2.0});
    EXPECT_EQ(ops::Dropout(root, x, 0.0).node(), x.node());  // rate 0 is x itself
    ASSERT_OK(root.status());
  }
  for (double rate : {1.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Const(root.WithOpName("x"), {1.0f, 2.0f});
    EXPECT_FALSE(ops::Dropout(root, x, rate).valid());
    EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("Dropout of 'x': rate must be in [0, 1), got")));
  }
  Scope root = Scope::NewRootScope();
  Output x = ops::Const(root.WithOpName("x"), {1, 2});
  EXPECT_FALSE(ops::Dropout(root, x, 0.5).valid());
  EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("x must be float or double, got int32")));
}

// d(sum(w * Dropout(x)))/dx: the symbolic gradient against central differences, each
// evaluation on a fresh executor (step 0, so the same mask). Dropout is linear in x given the
// mask, so the differences are exact up to rounding.
void CheckDropoutGradient(const Tensor& x_value, const PartialShape& placeholder_shape,
                          const std::vector<int>& noise_shape) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = placeholder_shape});
  ops::DropoutAttrs attrs{.seed = 11, .seed2 = 12};
  if (!noise_shape.empty()) {
    attrs.noise_shape =
        ops::Const(root, noise_shape, TensorShape({static_cast<int64_t>(noise_shape.size())}));
  }
  Output y = ops::Dropout(root, x, 0.4, attrs);
  const Tensor w_value = RandomTensor(DT_DOUBLE, x_value.shape(), 3);
  Output w = ops::Const(root, w_value);
  ASSERT_OK_AND_ASSIGN(std::vector<Output> grads, AddSymbolicGradients(root, {y}, {x}, {w}));
  ASSERT_OK(root.status());
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> symbolic,
                       RunOnce(root, {{"x", x_value}}, {grads[0].name(), y.name()}));
  const std::vector<double> w_vals = ToDoubles(w_value);
  auto loss = [&](const Tensor& xv) -> double {
    absl::StatusOr<std::vector<Tensor>> out = RunOnce(root, {{"x", xv}}, {y.name()});
    EXPECT_OK(out.status());
    double l = 0;
    const std::vector<double> yv = ToDoubles((*out)[0]);
    for (size_t i = 0; i < yv.size(); ++i) l += w_vals[i] * yv[i];
    return l;
  };
  int zero_grads = 0;
  for (int64_t e = 0; e < x_value.num_elements(); ++e) {
    const double h = 1e-6;
    Tensor plus = x_value.DeepCopy(), minus = x_value.DeepCopy();
    plus.data<double>()[e] += h;
    minus.data<double>()[e] -= h;
    const double numeric = (loss(plus) - loss(minus)) / (2 * h);
    const double sym = symbolic[0].data<double>()[e];
    EXPECT_NEAR(sym, numeric, 1e-6 + 1e-3 * std::fabs(numeric)) << "element " << e;
    // The gradient is w / (1 - rate) where kept, 0 where dropped.
    const bool kept = symbolic[1].data<double>()[e] != 0.0;
    EXPECT_NEAR(sym, kept ? w_vals[e] / 0.6 : 0.0, 1e-12) << "element " << e;
    zero_grads += !kept;
  }
  EXPECT_GT(zero_grads, 0);
}

TEST(DropoutTest, GradientAgainstCentralDifferences) {
  const Tensor x = RandomTensor(DT_DOUBLE, TensorShape({4, 6}), 4, 0.5, 1.5);
  CheckDropoutGradient(x, x.shape().AsPartial(), {});
  // Broadcast mask (whole columns), and an unknown batch dimension.
  CheckDropoutGradient(x, x.shape().AsPartial(), {1, 6});
  CheckDropoutGradient(x, PartialShape({-1, 6}), {});
}

}  // namespace
}  // namespace rill
