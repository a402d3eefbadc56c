// Tests the Interpreter: feeds, fetches and targets, pruning and feed cuts, feed checks, errors
// naming nodes, kernel/shape consistency checks, composites, the step counter.
#include "compiler/interpreter/interpreter.h"

#include <memory>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_io.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/kernel_context.h"
#include "ops/math_ops.h"
#include "ops/op_def_builder.h"
#include "ops/shape_fns.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

// A buggy op whose kernel returns a [1] tensor while its shape function promises [2].
RILL_REGISTER_OP("TestInterpreterWrongShape")
    .Output("y: float")
    .SetShapeFn([](ShapeContext& c) {
      c.set_output(0, PartialShape({2}));
      return absl::OkStatus();
    })
    .SetReferenceKernel([](KernelContext& c) {
      c.set_output(0, Tensor::Scalar<float>(1));
      return absl::OkStatus();
    });

// An op without a reference kernel.
RILL_REGISTER_OP("TestInterpreterNoKernel").Output("y: float").SetShapeFn(shape_fns::ScalarShape);

// A kernel that reports the step it runs in.
RILL_REGISTER_OP("TestInterpreterStep")
    .Output("step: int64")
    .SetIsStateful()
    .SetShapeFn(shape_fns::ScalarShape)
    .SetReferenceKernel([](KernelContext& c) {
      c.set_output(0, Tensor::Scalar<int64_t>(c.random_key().step));
      return absl::OkStatus();
    });

std::unique_ptr<Interpreter> Start(const Scope& root, InterpreterOptions options = {}) {
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  if (!def.ok()) return nullptr;
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(*def, options);
  EXPECT_OK(interp);
  return interp.ok() ? *std::move(interp) : nullptr;
}

TEST(InterpreterTest, FeedsAndFetches) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 2}});
  Output w = ops::Const(root.WithOpName("w"), {{1.f, 2.f}, {3.f, 4.f}});
  Output y = ops::MatMul(root.WithOpName("y"), x, w);
  ops::AddV2(root.WithOpName("z"), y, ops::Const(root, 1.f));
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  auto got = interp->Run({{"x", MakeTensor<float>({1, 2}, {1, 1})}}, {"z", "y:0", "w"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<float>({1, 2}, {5, 7})));
  EXPECT_THAT((*got)[1], TensorEq(MakeTensor<float>({1, 2}, {4, 6})));
  EXPECT_THAT((*got)[2], TensorEq(MakeTensor<float>({2, 2}, {1, 2, 3, 4})));
}

TEST(InterpreterTest, PrunesAndFeedsCutTheGraph) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  Output y = ops::Mul(root.WithOpName("y"), x, x);
  ops::AddV2(root.WithOpName("z"), y, y);
  ops::Const(root.WithOpName("c"), 2.f);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  // x is not needed for "c"; feeding y means x is not needed for z either.
  auto got = interp->Run({}, {"c"});
  ASSERT_OK(got);
  got = interp->Run({{"y", MakeTensor<float>({2}, {1, 2})}}, {"z"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<float>({2}, {2, 4})));
  // Fetching a fed tensor returns the feed.
  got = interp->Run({{"y", MakeTensor<float>({2}, {5, 6})}}, {"y"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<float>({2}, {5, 6})));
  EXPECT_THAT(interp->Run({}, {"z"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'x' (Placeholder): you must feed a value")));
}

TEST(InterpreterTest, FeedChecks) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 2}});
  ops::Identity(root.WithOpName("y"), x);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(interp->Run({{"x", MakeTensor<int32_t>({1, 2}, {1, 2})}}, {"y"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feed 'x': dtype int32 does not match float")));
  EXPECT_THAT(interp->Run({{"x", MakeTensor<float>({2}, {1, 2})}}, {"y"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feed 'x': shape [2] does not match [?,2]")));
  EXPECT_THAT(interp->Run({{"nope", MakeTensor<float>({2}, {1, 2})}}, {"y"}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no node 'nope'")));
  EXPECT_THAT(interp->Run({{"x", MakeTensor<float>({1, 2}, {1, 2})},
                           {"x:0", MakeTensor<float>({1, 2}, {1, 2})}},
                          {"y"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fed twice")));
  EXPECT_THAT(interp->Run({}, {"y:1"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("has 1 outputs")));
  EXPECT_THAT(interp->Run({}, {"^y"}), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(interp->Run({}, {}), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(interp->Run({}, {}, {"missing"}), StatusCodeIs(absl::StatusCode::kNotFound));
}

TEST(InterpreterTest, KernelErrorsNameTheNode) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT);
  Output s = ops::Placeholder(root.WithOpName("s"), DT_INT32);
  ops::Reshape(root.WithOpName("dense/reshape"), x, s);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(
      interp->Run({{"x", MakeTensor<float>({3}, {1, 2, 3})}, {"s", MakeTensor<int32_t>({1}, {2})}},
                  {"dense/reshape"}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'dense/reshape' (Reshape): input to reshape is a tensor "
                         "with 3 values, but the requested shape has 2")));
}

TEST(InterpreterTest, KernelShapeContradictingInferenceIsInternal) {
  Scope root = Scope::NewRootScope();
  OpBuilder(root.WithOpName("bad"), "TestInterpreterWrongShape").Build();
  OpBuilder(root.WithOpName("none"), "TestInterpreterNoKernel").Build();
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(interp->Run({}, {"bad"}),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("node 'bad' (TestInterpreterWrongShape): the kernel's output 0 "
                                 "has shape [] but shape inference gave [2]")));
  EXPECT_THAT(interp->Run({}, {"none"}),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("node 'none' (TestInterpreterNoKernel): op "
                                 "'TestInterpreterNoKernel' has no reference kernel")));
}

TEST(InterpreterTest, TargetsRunForTheirEffectInControlOrder) {
  Scope root = Scope::NewRootScope();
  Output step = OpBuilder(root.WithOpName("step"), "TestInterpreterStep").Build().output(0);
  Operation group = ops::NoOp(root.WithOpName("group").WithControlDependencies(step));
  ASSERT_TRUE(group.valid());
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  ASSERT_OK(interp->Run({}, {}, {"group"}).status());
  EXPECT_EQ(interp->step(), 1);
  // Each Run is a new step for random kernels.
  auto got = interp->Run({}, {"step"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<int64_t>({}, {1})));
  got = interp->Run({}, {"step"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<int64_t>({}, {2})));
}

TEST(InterpreterTest, RunsAGraphDefAndRejectsInvalidOnes) {
  absl::StatusOr<GraphDef> def = ParseGraphDefText(R"pb(
    node {
      name: "a"
      op: "Const"
      attr {
        key: "dtype"
        value { type: DT_INT64 }
      }
      attr {
        key: "value"
        value {
          tensor {
            dtype: DT_INT64
            tensor_shape { dim { size: 2 } }
            int64_val: 4
          }
        }
      }
    }
    node { name: "b" op: "AddV2" input: "a" input: "a" }
  )pb");
  ASSERT_OK(def);
  // AddV2 lacks its T attr: validation names the node.
  EXPECT_THAT(Interpreter::Create(*def),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'b' (AddV2)")));
  (*def->mutable_node(1)->mutable_attr())["T"].set_type(DT_INT64);
  auto interp = Interpreter::Create(*def);
  ASSERT_OK(interp);
  auto got = (*interp)->Run({}, {"b"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<int64_t>({2}, {8, 8})));
}

}  // namespace
}  // namespace rill
