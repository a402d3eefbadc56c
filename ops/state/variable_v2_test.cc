// Tests VariableV2: declared shape, store keys (shared_name, container), persistence across
// runs, uninitialized reads, dtype conflicts.
#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/state_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Creates an interpreter for the graph built in `root`.
std::unique_ptr<Interpreter> Start(const Scope& root) {
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(*def);
  EXPECT_OK(interp);
  return interp.ok() ? *std::move(interp) : nullptr;
}

TEST(VariableV2OpTest, Shapes) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {-1, 3}, DT_FLOAT);
  Output u = ops::VariableV2(root, PartialShape(), DT_INT32);
  ASSERT_OK(root.status());
  EXPECT_EQ(v.dtype(), DT_FLOAT_REF);
  EXPECT_EQ(v.shape().DebugString(), "[?,3]");
  EXPECT_EQ(u.shape().DebugString(), "<unknown>");
  EXPECT_TRUE(OpRegistry::Global()->Find("VariableV2")->is_stateful());
}

TEST(VariableV2OpTest, UninitializedReadNamesTheVariable) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("weights"), {2}, DT_FLOAT);
  ops::Identity(root.WithOpName("read"), v);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(interp->Run({}, {"weights"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("variable 'weights' is uninitialized")));
  EXPECT_THAT(interp->Run({}, {"read"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("node 'read' (Identity): variable 'weights' is uninitialized")));
}

TEST(VariableV2OpTest, KeepsItsValueAcrossRunsAndSharesByName) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {2}, DT_INT32, {.shared_name = "counter"});
  Output alias =
      ops::VariableV2(root.WithOpName("alias"), {2}, DT_INT32, {.shared_name = "counter"});
  Output other = ops::VariableV2(root.WithOpName("other"), {2}, DT_INT32,
                                 {.container = "c", .shared_name = "counter"});
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, {1, 2}));
  ops::Assign(root.WithOpName("init_other"), other, ops::Const(root, {7, 7}));
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  ASSERT_OK(interp->Run({}, {}, {"init", "init_other"}).status());
  auto got = interp->Run({}, {"alias", "v", "other"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<int32_t>({2}, {1, 2})));
  EXPECT_THAT((*got)[1], TensorEq(MakeTensor<int32_t>({2}, {1, 2})));
  EXPECT_THAT((*got)[2], TensorEq(MakeTensor<int32_t>({2}, {7, 7})));
  EXPECT_THAT(interp->variables().Names(), ElementsAre("c/counter", "counter"));
}

TEST(VariableV2OpTest, ConflictingDtypeIsAnError) {
  Scope root = Scope::NewRootScope();
  ops::VariableV2(root.WithOpName("a"), {2}, DT_INT32, {.shared_name = "x"});
  ops::VariableV2(root.WithOpName("b"), {2}, DT_FLOAT, {.shared_name = "x"});
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(interp->Run({}, {}, {"a", "b"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("variable 'x' exists as int32, not float")));
}

}  // namespace
}  // namespace rill
