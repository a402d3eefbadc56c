// Tests the optimizers on a small least-squares problem: TensorFlow's node names and slots,
// updates against the formulas evaluated by hand in double over several steps (GradientDescent,
// Momentum with Nesterov, Adam with its beta powers), the global step, the read-before-write
// rule for the loss, skipped unreached variables, sub-scopes, mixed dtypes and errors.
#include "ops/training/optimizer.h"

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/graph.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/state_ops.h"
#include "ops/testing/tensor_test_util.h"
#include "ops/training/variables.h"

namespace rill::train {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::ToDoubles;
using ::testing::HasSubstr;

// loss = sum((x w + b - t)^2) with x [4,2], w [2,1], b [1], t [4,1].
constexpr double kX[4][2] = {{1, 2}, {-1, 0.5}, {0.5, -1}, {2, 1}};
constexpr double kT[4] = {1, -2, 0.5, 3};

struct Weights {
  double w[2] = {0.5, -0.5};
  double b = 0.1;
};

// The residuals e = x w + b - t.
std::vector<double> Residuals(const Weights& p) {
  std::vector<double> e(4);
  for (int i = 0; i < 4; ++i) e[i] = kX[i][0] * p.w[0] + kX[i][1] * p.w[1] + p.b - kT[i];
  return e;
}
double Loss(const Weights& p) {
  double l = 0;
  for (double e : Residuals(p)) l += e * e;
  return l;
}
// Gradients (dw0, dw1, db) = 2 x^T e, 2 sum(e).
std::vector<double> Gradients(const Weights& p) {
  const std::vector<double> e = Residuals(p);
  std::vector<double> g(3, 0.0);
  for (int i = 0; i < 4; ++i) {
    g[0] += 2 * kX[i][0] * e[i];
    g[1] += 2 * kX[i][1] * e[i];
    g[2] += 2 * e[i];
  }
  return g;
}

struct Problem {
  Scope root = Scope::NewRootScope();
  GraphVariable w, b;
  Output loss;
};

// Builds the problem with variables "w" and "b" of `dtype` (the data are Consts).
std::unique_ptr<Problem> MakeProblem(DataType w_dtype = DT_DOUBLE) {
  auto p = std::make_unique<Problem>();
  const Scope& root = p->root;
  const Weights init;
  std::vector<double> x_flat;
  for (const auto& row : kX) x_flat.insert(x_flat.end(), {row[0], row[1]});
  std::vector<double> neg_t;
  for (double t : kT) neg_t.push_back(-t);
  const auto constant = [&](const std::vector<double>& v, const TensorShape& shape) {
    if (w_dtype == DT_DOUBLE) return ops::Const(root, v, shape);
    return ops::Const(root, std::vector<float>(v.begin(), v.end()), shape);
  };
  p->w =
      CreateVariable(root.WithOpName("w"), constant({init.w[0], init.w[1]}, TensorShape({2, 1})));
  p->b = CreateVariable(root.WithOpName("b"), constant({init.b}, TensorShape({1})));
  Output pred =
      ops::Add(root, ops::MatMul(root, constant(x_flat, TensorShape({4, 2})), p->w.ref), p->b.ref);
  Output e = ops::Add(root, pred, constant(neg_t, TensorShape({4, 1})));
  p->loss = ops::Sum(root.WithOpName("loss"), ops::Mul(root, e, e), ops::Const(root, {0, 1}));
  return p;
}

// Builds the init op, runs it, and returns the executor.
std::unique_ptr<Interpreter> Start(const Scope& root) {
  GlobalVariablesInitializer(root.WithOpName("init"));
  EXPECT_OK(root.status());
  absl::StatusOr<std::unique_ptr<Interpreter>> interpreter = Interpreter::Create(*root.graph());
  EXPECT_OK(interpreter.status());
  if (!interpreter.ok()) return nullptr;
  EXPECT_OK((*interpreter)->Run({}, {}, {"init"}).status());
  return *std::move(interpreter);
}

// The current (w0, w1, b).
std::vector<double> ReadWeights(Interpreter& interpreter) {
  absl::StatusOr<std::vector<Tensor>> v = interpreter.Run({}, {"w", "b"});
  EXPECT_OK(v.status());
  if (!v.ok()) return {};
  std::vector<double> out = ToDoubles((*v)[0]);
  out.push_back(ToDoubles((*v)[1])[0]);
  return out;
}

void ExpectWeightsNear(Interpreter& interpreter, const Weights& expected, double tol) {
  const std::vector<double> got = ReadWeights(interpreter);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_NEAR(got[0], expected.w[0], tol);
  EXPECT_NEAR(got[1], expected.w[1], tol);
  EXPECT_NEAR(got[2], expected.b, tol);
}

bool HasNode(const Scope& root, const std::string& name) {
  return root.graph()->FindNode(name) != nullptr;
}

TEST(OptimizerTest, AdamNamesSlotsAndTrainOp) {
  std::unique_ptr<Problem> p = MakeProblem();
  ASSERT_OK_AND_ASSIGN(GraphVariable step, GetOrCreateGlobalStep(p->root));
  AdamOptimizer adam;
  ASSERT_OK_AND_ASSIGN(Operation train, adam.Minimize(p->root, p->loss, {.global_step = step.ref}));
  EXPECT_EQ(adam.name(), "Adam");
  EXPECT_EQ(train.name(), "Adam");
  EXPECT_EQ(train.node()->op(), "AssignAdd");
  for (const char* name :
       {"w/Adam", "w/Adam_1", "b/Adam", "b/Adam_1", "w/Adam/Assign", "w/Adam/Initializer/zeros",
        "beta1_power", "beta2_power", "beta1_power/Assign", "Adam/update_w/ApplyAdam",
        "Adam/update_b/ApplyAdam", "Adam/learning_rate", "Adam/beta1", "Adam/epsilon",
        "Adam/update", "Adam/mul", "Adam/Assign", "Adam/mul_1", "Adam/Assign_1"}) {
    EXPECT_TRUE(HasNode(p->root, name)) << name;
  }
  EXPECT_EQ(adam.GetSlot(p->w.ref, "m").name(), "w/Adam");
  EXPECT_EQ(adam.GetSlot(p->w.ref, "v").name(), "w/Adam_1");
  EXPECT_FALSE(adam.GetSlot(p->w.ref, "momentum").valid());
  // Slots are variables (initialized by the initializer) but not trainable.
  EXPECT_EQ(p->root.graph()->GetCollection(collection_keys::kTrainableVariables).size(), 2u);
  EXPECT_EQ(p->root.graph()->GetCollection(collection_keys::kVariables).size(), 9u);
  // The train op runs after the updates and the beta-power updates.
  const Node* update = p->root.graph()->FindNode("Adam/update");
  EXPECT_EQ(update->control_inputs().size(), 4u);
  ASSERT_EQ(train.node()->control_inputs().size(), 1u);
  EXPECT_EQ(train.node()->control_inputs()[0]->src, update);
}

TEST(OptimizerTest, AdamMatchesTheFormulas) {
  std::unique_ptr<Problem> p = MakeProblem();
  ASSERT_OK_AND_ASSIGN(GraphVariable step, GetOrCreateGlobalStep(p->root));
  AdamOptions o{.learning_rate = 0.05, .beta1 = 0.8, .beta2 = 0.95, .epsilon = 1e-6};
  AdamOptimizer adam(o);
  ASSERT_OK_AND_ASSIGN(Operation train, adam.Minimize(p->root, p->loss, {.global_step = step.ref}));
  std::unique_ptr<Interpreter> interpreter = Start(p->root);
  ASSERT_NE(interpreter, nullptr);

  Weights weights;
  double m[3] = {0, 0, 0}, v[3] = {0, 0, 0};
  double beta1_power = o.beta1, beta2_power = o.beta2;
  for (int k = 0; k < 4; ++k) {
    ASSERT_OK(interpreter->Run({}, {}, {train.name()}).status());
    const std::vector<double> g = Gradients(weights);
    const double lr_t = o.learning_rate * std::sqrt(1 - beta2_power) / (1 - beta1_power);
    double* params[3] = {&weights.w[0], &weights.w[1], &weights.b};
    for (int i = 0; i < 3; ++i) {
      m[i] += (g[i] - m[i]) * (1 - o.beta1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - o.beta2);
      *params[i] -= m[i] * lr_t / (std::sqrt(v[i]) + o.epsilon);
    }
    beta1_power *= o.beta1;
    beta2_power *= o.beta2;
    ExpectWeightsNear(*interpreter, weights, 1e-12);
  }
  ASSERT_OK_AND_ASSIGN(
      std::vector<Tensor> state,
      interpreter->Run({}, {"beta1_power", "beta2_power", "global_step", "w/Adam"}));
  EXPECT_NEAR(ToDoubles(state[0])[0], std::pow(0.8, 5), 1e-15);
  EXPECT_NEAR(ToDoubles(state[1])[0], std::pow(0.95, 5), 1e-15);
  EXPECT_EQ(ToDoubles(state[2])[0], 4);
  EXPECT_NEAR(ToDoubles(state[3])[0], m[0], 1e-12);
}

TEST(OptimizerTest, GradientDescentAndTheLossReadInTheSameRun) {
  std::unique_ptr<Problem> p = MakeProblem();
  GradientDescentOptimizer sgd(0.01);
  ASSERT_OK_AND_ASSIGN(Operation train, sgd.Minimize(p->root, p->loss));
  // Without a global step the train op is the NoOp grouping the updates.
  EXPECT_EQ(train.name(), "GradientDescent");
  EXPECT_EQ(train.node()->op(), "NoOp");
  EXPECT_TRUE(HasNode(p->root, "GradientDescent/update_w/ApplyGradientDescent"));
  std::unique_ptr<Interpreter> interpreter = Start(p->root);
  ASSERT_NE(interpreter, nullptr);
  Weights weights;
  for (int k = 0; k < 3; ++k) {
    // The loss fetched in the training Run is the loss before the step (the read is not ordered
    // after the updates).
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> loss, interpreter->Run({}, {"loss"}, {train.name()}));
    EXPECT_NEAR(ToDoubles(loss[0])[0], Loss(weights), 1e-12);
    const std::vector<double> g = Gradients(weights);
    weights.w[0] -= 0.01 * g[0];
    weights.w[1] -= 0.01 * g[1];
    weights.b -= 0.01 * g[2];
    ExpectWeightsNear(*interpreter, weights, 1e-13);
  }
}

TEST(OptimizerTest, NesterovMomentum) {
  std::unique_ptr<Problem> p = MakeProblem();
  MomentumOptimizer momentum(0.02, 0.9, {.use_nesterov = true});
  ASSERT_OK_AND_ASSIGN(Operation train, momentum.Minimize(p->root, p->loss));
  EXPECT_EQ(momentum.GetSlot(p->b.ref, "momentum").name(), "b/Momentum");
  EXPECT_TRUE(HasNode(p->root, "Momentum/update_b/ApplyMomentum"));
  std::unique_ptr<Interpreter> interpreter = Start(p->root);
  ASSERT_NE(interpreter, nullptr);
  Weights weights;
  double accum[3] = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    ASSERT_OK(interpreter->Run({}, {}, {train.name()}).status());
    const std::vector<double> g = Gradients(weights);
    double* params[3] = {&weights.w[0], &weights.w[1], &weights.b};
    for (int i = 0; i < 3; ++i) {
      accum[i] = accum[i] * 0.9 + g[i];
      *params[i] -= g[i] * 0.02 + accum[i] * 0.9 * 0.02;
    }
    ExpectWeightsNear(*interpreter, weights, 1e-12);
  }
}

TEST(OptimizerTest, FloatVariablesAndMixedDtypes) {
  // Float variables train like the double ones (to float precision); an extra double variable
  // makes Adam cast its (float) beta powers for it.
  std::unique_ptr<Problem> p = MakeProblem(DT_FLOAT);
  GraphVariable extra = CreateVariable(p->root.WithOpName("extra"), ops::Const(p->root, {2.0}));
  Output loss = ops::Add(
      p->root, ops::Cast(p->root, p->loss, DT_DOUBLE),
      ops::Sum(p->root, ops::Mul(p->root, extra.ref, extra.ref), ops::Const(p->root, {0})));
  AdamOptimizer adam({.learning_rate = 0.1});
  ASSERT_OK_AND_ASSIGN(Operation train, adam.Minimize(p->root, loss));
  EXPECT_EQ(adam.GetSlot(extra.ref, "m").dtype(), DT_DOUBLE_REF);
  std::unique_ptr<Interpreter> interpreter = Start(p->root);
  ASSERT_NE(interpreter, nullptr);
  ASSERT_OK(interpreter->Run({}, {}, {train.name()}).status());
  // First Adam step: each parameter moves by about lr against its gradient's sign.
  const std::vector<double> g = Gradients(Weights());
  const std::vector<double> got = ReadWeights(*interpreter);
  const Weights init;
  const double before[3] = {init.w[0], init.w[1], init.b};
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(got[i], before[i] - 0.1 * (g[i] > 0 ? 1 : -1), 1e-5);
  // extra: 2 - 0.1 (the float beta powers, cast to double, shift it by ~7e-7 as in TensorFlow).
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> e, interpreter->Run({}, {"extra"}));
  EXPECT_NEAR(ToDoubles(e[0])[0], 1.9, 2e-6);
}

TEST(OptimizerTest, UnreachedVariablesAreSkippedAndSubScopes) {
  std::unique_ptr<Problem> p = MakeProblem();
  GraphVariable unused = CreateVariable(p->root.WithOpName("unused"), ops::Const(p->root, {1.0}));
  AdamOptimizer adam;
  ASSERT_OK_AND_ASSIGN(std::vector<GradAndVar> grads, adam.ComputeGradients(p->root, p->loss));
  ASSERT_EQ(grads.size(), 2u);
  EXPECT_EQ(grads[0].var.node(), p->w.ref.node());
  EXPECT_EQ(grads[1].var.node(), p->b.ref.node());
  ASSERT_OK_AND_ASSIGN(Operation train, adam.ApplyGradients(p->root.NewSubScope("train"), grads));
  EXPECT_EQ(train.name(), "train/Adam");
  EXPECT_TRUE(HasNode(p->root, "train/Adam/update_w/ApplyAdam"));
  // Slots are named after the variable, under the scope's prefix when the variable is not in it
  // (Scope cannot name nodes outside its prefix).
  EXPECT_TRUE(HasNode(p->root, "train/w/Adam"));
  EXPECT_TRUE(HasNode(p->root, "train/beta1_power"));
  EXPECT_FALSE(adam.GetSlot(unused.ref, "m").valid());
  EXPECT_FALSE(HasNode(p->root, "unused/Adam"));
  // Minimizing again in the same graph reuses the slots and beta powers.
  ASSERT_OK(adam.ApplyGradients(p->root.NewSubScope("train"), grads).status());
  EXPECT_FALSE(HasNode(p->root, "train/w/Adam_2"));
  EXPECT_FALSE(HasNode(p->root, "train/beta1_power_1"));
  std::unique_ptr<Interpreter> interpreter = Start(p->root);
  ASSERT_NE(interpreter, nullptr);
  ASSERT_OK(interpreter->Run({}, {}, {train.name()}).status());
}

TEST(OptimizerTest, Errors) {
  {
    Scope root = Scope::NewRootScope();
    Output loss = ops::Const(root, 1.0);
    GradientDescentOptimizer sgd(0.1);
    EXPECT_THAT(sgd.Minimize(root, loss),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("GradientDescent: no variables to optimize")));
    GraphVariable v = CreateVariable(root.WithOpName("v"), ops::Const(root, {1.0}));
    EXPECT_THAT(sgd.Minimize(root, loss),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("no gradients provided for any variable")));
    EXPECT_THAT(sgd.Minimize(root, ops::Const(root, 1)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("the loss must be a float or double tensor")));
    EXPECT_THAT(sgd.Minimize(root, loss, {.var_list = {loss}}),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is not a variable")));
    EXPECT_THAT(sgd.ApplyGradients(root, {{ops::Const(root, {1.f}), v.ref}}),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("does not match variable 'v' (double [1])")));
    EXPECT_THAT(sgd.ApplyGradients(root, {{ops::Const(root, {1.0}), v.ref}}, loss),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("must be an int64 or int32 scalar variable")));
    EXPECT_THAT(sgd.ApplyGradients(root, {}),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no gradients to apply")));
  }
  // Slots need fully defined variable shapes.
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), PartialShape({-1}), DT_DOUBLE);
  MomentumOptimizer momentum(0.1, 0.5);
  EXPECT_THAT(momentum.ApplyGradients(root, {{ops::Const(root, {1.0}), v}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Momentum: variable 'v' needs a fully defined shape for its "
                                 "momentum slot, got [?]")));
}

}  // namespace
}  // namespace rill::train
