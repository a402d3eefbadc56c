// Tests the graph-form TF 1.x variables: names, collections, initialization through
// GlobalVariablesInitializer, the global step, and errors.
#include "ops/training/variables.h"

#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/graph.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::train {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Names(const std::vector<Node*>& nodes) {
  std::vector<std::string> names;
  for (const Node* n : nodes) names.push_back(n->name());
  return names;
}

TEST(VariablesTest, CreateVariableNamesAndCollections) {
  Scope root = Scope::NewRootScope();
  GraphVariable w = CreateVariable(root.WithOpName("w"), ops::Const(root, {{1.f, 2.f}}));
  GraphVariable b = CreateVariable(root.NewSubScope("dense").WithOpName("bias"),
                                   ops::Const(root, {0.5}), {.trainable = false});
  ASSERT_OK(root.status());
  EXPECT_EQ(w.ref.name(), "w");
  EXPECT_EQ(w.ref.dtype(), DT_FLOAT_REF);
  EXPECT_EQ(w.ref.shape().DebugString(), "[1,2]");
  EXPECT_EQ(w.initializer.name(), "w/Assign");
  EXPECT_EQ(b.ref.name(), "dense/bias");
  EXPECT_EQ(b.initializer.name(), "dense/bias/Assign");
  const Graph& g = *root.graph();
  EXPECT_THAT(Names(g.GetCollection(collection_keys::kVariables)), ElementsAre("w", "dense/bias"));
  EXPECT_THAT(Names(g.GetCollection(collection_keys::kTrainableVariables)), ElementsAre("w"));
  EXPECT_THAT(Names(g.GetCollection(kVariableInitializers)),
              ElementsAre("w/Assign", "dense/bias/Assign"));
  ASSERT_OK_AND_ASSIGN(std::vector<Output> trainable, TrainableVariables(root));
  ASSERT_EQ(trainable.size(), 1u);
  EXPECT_EQ(trainable[0].node(), w.ref.node());
  EXPECT_EQ(trainable[0].dtype(), DT_FLOAT_REF);
  EXPECT_EQ(trainable[0].shape().DebugString(), "[1,2]");
}

TEST(VariablesTest, GlobalVariablesInitializerInitializesEverything) {
  Scope root = Scope::NewRootScope();
  GraphVariable w = CreateVariable(root.WithOpName("w"), ops::Const(root, {{1.f, 2.f}}));
  GraphVariable b = CreateVariable(root.WithOpName("b"), ops::Const(root, 3.0));
  Operation init = GlobalVariablesInitializer(root.WithOpName("init"));
  ASSERT_OK(root.status());
  EXPECT_EQ(init.name(), "init");
  EXPECT_EQ(init.node()->control_inputs().size(), 2u);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter,
                       Interpreter::Create(*root.graph()));
  EXPECT_THAT(interpreter->Run({}, {"w"}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("'w'")));
  ASSERT_OK(interpreter->Run({}, {}, {"init"}).status());
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> values, interpreter->Run({}, {"w", "b"}));
  EXPECT_THAT(values[0], TensorEq(MakeTensor<float>({1, 2}, {1, 2})));
  EXPECT_THAT(values[1], TensorEq(MakeTensor<double>({}, {3})));
}

TEST(VariablesTest, InitialValueNamedUnderTheVariable) {
  Scope root = Scope::NewRootScope().NewSubScope("layer");
  GraphVariable v = CreateVariable(
      root.WithOpName("kernel"), PartialShape({2}), DT_DOUBLE, [&](const std::string& name) {
        EXPECT_EQ(name, "layer/kernel");
        return ops::Const(root.WithOpName(NameRelativeTo(root, name + "/initial_value")),
                          {4.0, 5.0});
      });
  ASSERT_OK(root.status());
  EXPECT_EQ(v.initializer.node()->data_inputs()[1]->src->name(), "layer/kernel/initial_value");
  EXPECT_EQ(NameRelativeTo(root, "layer/kernel/x"), "kernel/x");
  EXPECT_EQ(NameRelativeTo(root, "other/x"), "other/x");
}

TEST(VariablesTest, GlobalStep) {
  Scope root = Scope::NewRootScope();
  ASSERT_OK_AND_ASSIGN(GraphVariable step, GetOrCreateGlobalStep(root));
  EXPECT_EQ(step.ref.name(), "global_step");
  EXPECT_EQ(step.ref.dtype(), DT_INT64_REF);
  EXPECT_EQ(step.ref.shape().DebugString(), "[]");
  EXPECT_TRUE(root.graph()->GetCollection(collection_keys::kTrainableVariables).empty());
  ASSERT_OK_AND_ASSIGN(GraphVariable again, GetOrCreateGlobalStep(root));
  EXPECT_EQ(again.ref.node(), step.ref.node());
  EXPECT_EQ(again.initializer.node(), step.initializer.node());
  GlobalVariablesInitializer(root.WithOpName("init"));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter,
                       Interpreter::Create(*root.graph()));
  ASSERT_OK(interpreter->Run({}, {}, {"init"}).status());
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> value, interpreter->Run({}, {"global_step"}));
  EXPECT_THAT(value[0], TensorEq(MakeTensor<int64_t>({}, {0})));
}

TEST(VariablesTest, Errors) {
  Scope root = Scope::NewRootScope();
  Output partial = ops::Placeholder(root.WithOpName("p"), DT_FLOAT, {.shape = {-1, 2}});
  GraphVariable v = CreateVariable(root.WithOpName("v"), partial);
  EXPECT_FALSE(v.ref.valid());
  EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("needs a fully defined shape, got [?,2]")));
  Scope root2 = Scope::NewRootScope();
  CreateVariable(root2, Output());
  EXPECT_THAT(root2.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invalid initial value")));
  // A scope that already failed adds nothing.
  EXPECT_THAT(TrainableVariables(root2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invalid initial value")));
}

}  // namespace
}  // namespace rill::train
