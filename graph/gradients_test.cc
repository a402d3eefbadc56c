// Tests AddSymbolicGradients: fan-out summed with AddN, integer and stopped paths, unreachable
// xs, multi-output ops with one output unused, unknown dims, errors, and a deep chain.
#include "graph/gradients.h"

#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::rill::testing::TensorNear;
using ::testing::HasSubstr;

// Identity without a gradient function: not differentiable.
RILL_REGISTER_OP("TestGradientsOpaque")
    .Input("x: double")
    .Output("y: double")
    .SetShapeFn(shape_fns::UnchangedShape)
    .SetReferenceKernel([](KernelContext& c) {
      c.set_output(0, c.input(0));
      return absl::OkStatus();
    });

// Two outputs (x, 3x); the gradient uses GradOrZeros for whichever output has none.
RILL_REGISTER_OP("TestGradientsPair")
    .Input("x: double")
    .Output("a: double")
    .Output("b: double")
    .SetShapeFn([](ShapeContext& c) {
      c.set_output(0, c.input(0));
      c.set_output(1, c.input(0));
      return absl::OkStatus();
    })
    .SetGradient([](GradientContext& c) {
      const Scope& s = c.scope();
      c.set_input_grad(
          0, ops::AddV2(s, c.GradOrZeros(0), ops::Mul(s, c.GradOrZeros(1), ops::Const(s, 3.0))));
      return absl::OkStatus();
    })
    .SetReferenceKernel([](KernelContext& c) {
      c.set_output(0, c.input(0));
      ASSIGN_OR_RETURN(Tensor b, c.allocate_output(1, c.input(0).shape()));
      for (int64_t i = 0; i < b.num_elements(); ++i) {
        b.data<double>()[i] = 3 * c.input(0).data<double>()[i];
      }
      return absl::OkStatus();
    });

// Runs `fetches` of the graph in `root` with `feeds`.
std::vector<Tensor> Eval(const Scope& root, const std::vector<Feed>& feeds,
                         const std::vector<Output>& fetches) {
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  if (!def.ok()) return {};
  auto interp = Interpreter::Create(*def);
  EXPECT_OK(interp);
  if (!interp.ok()) return {};
  std::vector<std::string> names;
  for (const Output& o : fetches) names.push_back(o.name());
  auto got = (*interp)->Run(feeds, names);
  EXPECT_OK(got);
  return got.ok() ? *got : std::vector<Tensor>(fetches.size());
}

TEST(GradientsTest, FanOutIsSummedWithAddN) {
  // y = x*x + x: dy/dx = 2x + 1.
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {2}});
  Output y = ops::AddV2(root, ops::Mul(root, x, x), x);
  auto grads = AddSymbolicGradients(root, {y}, {x});
  ASSERT_OK(grads);
  EXPECT_EQ((*grads)[0].node()->op(), "AddN");
  EXPECT_THAT(Eval(root, {{"x", MakeTensor<double>({2}, {3, -1})}}, *grads)[0],
              TensorEq(MakeTensor<double>({2}, {7, -1})));
}

TEST(GradientsTest, IntegerAndStoppedPathsCarryNoGradient) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {2, 2}});
  // Reshape(x, Shape(x)): the Shape path is integer; x * StopGradient(x): one path stopped.
  Output y = ops::Mul(root, ops::Reshape(root, x, ops::Shape(root, x)), ops::StopGradient(root, x));
  auto grads = AddSymbolicGradients(root, {y}, {x});
  ASSERT_OK(grads);
  EXPECT_THAT(Eval(root, {{"x", MakeTensor<double>({2, 2}, {1, 2, 3, 4})}}, *grads)[0],
              TensorEq(MakeTensor<double>({2, 2}, {1, 2, 3, 4})));
}

TEST(GradientsTest, UnreachableXsGetZeros) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {2}});
  Output z = ops::Placeholder(root.WithOpName("z"), DT_DOUBLE, {.shape = {2}});
  Output y = ops::Mul(root, x, ops::Const(root, 2.0));
  auto grads = AddSymbolicGradients(root, {y}, {x, z});
  ASSERT_OK(grads);
  std::vector<Tensor> got =
      Eval(root, {{"x", MakeTensor<double>({2}, {1, 2})}, {"z", MakeTensor<double>({2}, {1, 2})}},
           *grads);
  EXPECT_THAT(got[0], TensorEq(MakeTensor<double>({2}, {2, 2})));
  EXPECT_THAT(got[1], TensorEq(MakeTensor<double>({2}, {0, 0})));
}

TEST(GradientsTest, MultiOutputOpWithOneOutputUsed) {
  for (int used : {0, 1}) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {1}});
    Operation pair = OpBuilder(root, "TestGradientsPair").Input(x).Build();
    auto grads = AddSymbolicGradients(root, {pair.output(used)}, {x});
    ASSERT_OK(grads);
    EXPECT_THAT(Eval(root, {{"x", MakeTensor<double>({1}, {5})}}, *grads)[0],
                TensorEq(MakeTensor<double>({1}, {used == 0 ? 1.0 : 3.0})));
  }
}

TEST(GradientsTest, GradYsAndUnknownBatchDimension) {
  // y = sum over rows of x*w with x [?,3]: dy/dw = column sums of x, scaled by grad_y.
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {-1, 3}});
  Output w = ops::Placeholder(root.WithOpName("w"), DT_DOUBLE, {.shape = {3}});
  Output y = ops::Sum(root, ops::Mul(root, x, w), ops::Const(root, 0));
  auto grads = AddSymbolicGradients(root, {y}, {w}, {ops::Const(root, {2.0, 2.0, 2.0})});
  ASSERT_OK(grads);
  std::vector<Tensor> got = Eval(root,
                                 {{"x", MakeTensor<double>({2, 3}, {1, 2, 3, 4, 5, 6})},
                                  {"w", MakeTensor<double>({3}, {0, 0, 0})}},
                                 *grads);
  EXPECT_THAT(got[0], TensorNear(MakeTensor<double>({3}, {10, 14, 18})));
}

TEST(GradientsTest, Errors) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {2}});
  Output opaque =
      OpBuilder(root.WithOpName("opaque"), "TestGradientsOpaque").Input(x).Build().output(0);
  Output y = ops::Mul(root, opaque, x);
  EXPECT_THAT(AddSymbolicGradients(root, {y}, {x}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'opaque' (TestGradientsOpaque): op 'TestGradientsOpaque' "
                                 "is not differentiable")));
  Scope r2 = Scope::NewRootScope();
  Output a = ops::Placeholder(r2, DT_DOUBLE, {.shape = {2}});
  Output b = ops::Mul(r2, a, a);
  EXPECT_THAT(AddSymbolicGradients(r2, {b}, {a}, {ops::Const(r2, 1.0), ops::Const(r2, 1.0)}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2 grad_ys for 1 ys")));
  EXPECT_THAT(AddSymbolicGradients(r2, {ops::Shape(r2, a)}, {a}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("gradients need float ys")));
  EXPECT_THAT(AddSymbolicGradients(r2, {b}, {Output()}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("xs[0] is an invalid")));
  EXPECT_THAT(AddSymbolicGradients(r2, {b}, {x}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("belongs to another graph")));
}

TEST(GradientsTest, DeepChainIsIterative) {
  // 20,000 Identity nodes: recursion on depth would overflow the stack (especially under ASan).
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {}});
  Output y = x;
  for (int i = 0; i < 20000; ++i) y = ops::Identity(root, y);
  auto grads = AddSymbolicGradients(root, {ops::Mul(root, y, ops::Const(root, 3.0))}, {x});
  ASSERT_OK(grads);
  EXPECT_THAT(Eval(root, {{"x", MakeTensor<double>({}, {1})}}, *grads)[0],
              TensorEq(MakeTensor<double>({}, {3})));
}

TEST(GradientsTest, MlpGradientChecks) {
  // relu(x W1 + b1) W2 summed: the whole chain against central differences, batch unknown.
  auto fn = [](const Scope& s, const std::vector<Output>& in) {
    Output h = ops::Relu(s, ops::AddV2(s, ops::MatMul(s, in[0], in[1]), in[2]));
    return std::vector<Output>{ops::MatMul(s, h, in[3])};
  };
  testing::GradientCheckOptions o;
  o.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(
      testing::CheckGradients(fn,
                              {testing::RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 1),
                               testing::RandomTensor(DT_DOUBLE, TensorShape({3, 5}), 2),
                               testing::RandomTensor(DT_DOUBLE, TensorShape({5}), 3, 0.5, 1.0),
                               testing::RandomTensor(DT_DOUBLE, TensorShape({5, 2}), 4)},
                              o));
}

}  // namespace
}  // namespace rill
