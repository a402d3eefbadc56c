// Tests Scope: names, unique names, sub-scopes, control deps, first-error capture, shape inference,
// Const.
#include "graph/scope.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_validate.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Inputs(const Node* node) {
  std::vector<std::string> out;
  for (int i = 0; i < node->num_data_inputs(); ++i) out.push_back(node->DataInputName(i));
  for (const Edge* e : node->control_inputs()) out.push_back("^" + e->src->name());
  return out;
}

TEST(ScopeTest, TheHeaderExampleBuildsAValidGraph) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 784}});
  Scope dense = root.NewSubScope("dense");
  Output w =
      ops::Const(dense.WithOpName("w"), std::vector<float>(784 * 10, 0.5f), TensorShape({784, 10}));
  Output b = ops::Const(dense.WithOpName("b"), std::vector<float>(10, 0.f), TensorShape({10}));
  Output y = ops::Relu(dense, ops::Add(dense, ops::MatMul(dense, x, w), b));
  ASSERT_OK(root.status());
  EXPECT_EQ(x.name(), "x");
  EXPECT_EQ(w.name(), "dense/w");
  EXPECT_EQ(y.name(), "dense/Relu");
  EXPECT_EQ(y.dtype(), DT_FLOAT);
  EXPECT_EQ(y.shape().DebugString(), "[?,10]");
  ASSERT_OK_AND_ASSIGN(GraphDef def, root.ToGraphDef());
  EXPECT_EQ(def.node_size(), 6);
  ASSERT_OK(ValidateGraphDef(def));
  // Defaults are filled in by the builder, as TensorFlow's NodeBuilder does.
  const Node* mm = root.graph()->FindNode("dense/MatMul");
  ASSERT_NE(mm, nullptr);
  EXPECT_FALSE(mm->attrs().at("transpose_a").b());
  EXPECT_EQ(mm->attrs().at("T").type(), DT_FLOAT);  // inferred from the inputs
}

TEST(ScopeTest, UniqueNamesTensorFlowStyle) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Const(root, 1.f);
  EXPECT_EQ(ops::Add(root, a, a).name(), "Add");
  EXPECT_EQ(ops::Add(root, a, a).name(), "Add_1");
  EXPECT_EQ(ops::Add(root, a, a).name(), "Add_2");
  EXPECT_EQ(ops::Add(root.WithOpName("sum"), a, a).name(), "sum");
  EXPECT_EQ(ops::Add(root.WithOpName("sum"), a, a).name(), "sum_1");
  // A taken suffixed name is skipped.
  EXPECT_EQ(ops::Identity(root.WithOpName("t_1"), a).name(), "t_1");
  EXPECT_EQ(ops::Identity(root.WithOpName("t"), a).name(), "t");
  EXPECT_EQ(ops::Identity(root.WithOpName("t"), a).name(), "t_2");
  EXPECT_EQ(root.GetUniqueNameForOp("Add"), "Add_3");
  ASSERT_OK(root.status());
}

TEST(ScopeTest, SubScopesNestAndAreUnique) {
  Scope root = Scope::NewRootScope();
  Scope conv1 = root.NewSubScope("conv1");
  Output w = ops::Const(conv1.WithOpName("weights"), {1.f, 2.f});
  EXPECT_EQ(w.name(), "conv1/weights");
  Scope inner = conv1.NewSubScope("inner");
  EXPECT_EQ(ops::Identity(inner, w).name(), "conv1/inner/Identity");
  EXPECT_EQ(inner.name_prefix(), "conv1/inner/");
  Scope conv1_again = root.NewSubScope("conv1");
  EXPECT_EQ(conv1_again.name_prefix(), "conv1_1/");
  EXPECT_EQ(ops::Identity(conv1_again, w).name(), "conv1_1/Identity");
  EXPECT_EQ(root.NewSubScope("").name_prefix(), "");
  // WithOpName does not leak into sub-scopes.
  EXPECT_EQ(ops::Identity(root.WithOpName("x").NewSubScope("s"), w).name(), "s/Identity");
}

TEST(ScopeTest, ControlDependencies) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Const(root.WithOpName("a"), 1.f);
  Operation init = ops::NoOp(root.WithOpName("init"));
  Scope deps = root.WithControlDependencies({init}).WithControlDependencies(a);
  Output b = ops::Identity(deps.WithOpName("b"), a);
  Output c = ops::Identity(deps.WithNoControlDependencies().WithOpName("c"), a);
  Operation group = ops::NoOp(
      root.WithControlDependencies(b).WithControlDependencies({init}).WithOpName("group"));
  ASSERT_OK(root.status());
  EXPECT_THAT(Inputs(b.node()), ElementsAre("a", "^init", "^a"));
  EXPECT_THAT(Inputs(c.node()), ElementsAre("a"));
  EXPECT_THAT(Inputs(group.node()), ElementsAre("^b", "^init"));
  EXPECT_EQ(group.num_outputs(), 0);
  ASSERT_OK_AND_ASSIGN(GraphDef def, root.ToGraphDef());
  EXPECT_THAT(def.node(2).input(), ElementsAre("a", "^init", "^a"));
}

TEST(ScopeTest, FirstErrorIsCapturedWithTheNodeName) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  Output w = ops::Const(root, {{1.f, 2.f}, {3.f, 4.f}, {5.f, 6.f}, {7.f, 8.f}});  // [4,2]
  Output bad = ops::MatMul(root.NewSubScope("dense"), x, w);
  EXPECT_FALSE(bad.valid());
  EXPECT_THAT(root.status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'dense/MatMul' (MatMul): inner dims 3 vs 4")));
  // Later calls are no-ops and keep the first error; the bad node is not left in the graph.
  Output later = ops::Relu(root, x);
  EXPECT_FALSE(later.valid());
  Output chained = ops::Relu(root, bad);
  EXPECT_FALSE(chained.valid());
  EXPECT_EQ(root.graph()->num_nodes(), 2);
  EXPECT_THAT(root.ToGraphDef(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("inner dims 3 vs 4")));
  // Sub-scopes share the error.
  EXPECT_FALSE(root.NewSubScope("other").ok());
}

TEST(ScopeTest, DtypeMismatchNamesTheNode) {
  Scope root = Scope::NewRootScope();
  Output f = ops::Const(root.WithOpName("f"), 1.f);
  Output i = ops::Const(root.WithOpName("i"), 2);
  ops::Add(root.WithOpName("sum"), f, i);
  EXPECT_THAT(
      root.status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'sum' (Add): input 1 (y) 'i' is int32, expected float (attr T)")));
}

TEST(ScopeTest, InvalidInputsAreErrors) {
  Scope root = Scope::NewRootScope();
  ops::Relu(root.WithOpName("r"), Output());
  EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("node 'r' (Relu): input 0 is an invalid Output")));
  Scope other = Scope::NewRootScope();
  Scope mine = Scope::NewRootScope();
  Output foreign = ops::Const(other, 1.f);
  ops::Identity(mine.WithOpName("id"), foreign);
  EXPECT_THAT(mine.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("belongs to another graph")));
}

TEST(ScopeTest, UnregisteredOpAndBadTypeThroughOpBuilder) {
  Scope root = Scope::NewRootScope();
  ops::Relu(root.WithOpName("r"), ops::Const(root, true));
  EXPECT_THAT(
      root.status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'r' (Relu): attr 'T' is bool, not one of the allowed types")));
}

TEST(ScopeTest, ShapeInferenceResults) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 1, 4}});
  Output b = ops::Placeholder(root, DT_FLOAT, {.shape = {3, 1}});
  Output u = ops::Placeholder(root, DT_FLOAT);
  EXPECT_EQ(ops::Add(root, a, b).shape().DebugString(), "[?,3,4]");
  EXPECT_EQ(ops::AddV2(root, a, u).shape().DebugString(), "<unknown>");
  Output m =
      ops::MatMul(root, ops::Placeholder(root, DT_FLOAT, {.shape = {5, 2}}),
                  ops::Placeholder(root, DT_FLOAT, {.shape = {5, 7}}), {.transpose_a = true});
  EXPECT_EQ(m.shape().DebugString(), "[2,7]");
  EXPECT_EQ(ops::Const(root, {{1, 2, 3}, {4, 5, 6}}).shape().DebugString(), "[2,3]");
  EXPECT_EQ(ops::Const(root, 7.0).dtype(), DT_DOUBLE);
  EXPECT_EQ(ops::Const(root, "hi").dtype(), DT_STRING);
  EXPECT_EQ(ops::Const(root, {int64_t{1}, int64_t{2}}).dtype(), DT_INT64);
  Output d = ops::PlaceholderWithDefault(root, ops::Const(root, {1.f, 2.f}), PartialShape({-1}));
  EXPECT_EQ(d.shape().DebugString(), "[?]");
  ASSERT_OK(root.status());
}

TEST(ScopeTest, ConstFromTensorAndErrors) {
  Scope root = Scope::NewRootScope();
  ASSERT_OK_AND_ASSIGN(Tensor t, Tensor::FromVector<int32_t>({1, 2, 3, 4}, TensorShape({2, 2})));
  Output c = ops::Const(root.WithOpName("c"), t);
  EXPECT_EQ(c.dtype(), DT_INT32);
  EXPECT_EQ(c.shape().DebugString(), "[2,2]");
  ASSERT_OK(root.status());
  ops::Const(root.WithOpName("ragged"), {{1.f, 2.f}, {3.f}});
  EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("Const 'ragged': ragged initializer")));
  Scope other = Scope::NewRootScope();
  ops::Const(other.WithOpName("sized"), std::vector<float>{1.f, 2.f}, TensorShape({3}));
  EXPECT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("Const 'sized'"));
  Scope empty = Scope::NewRootScope();
  ops::Const(empty, Tensor());
  EXPECT_THAT(empty.status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
}

TEST(ScopeTest, OperationAccessors) {
  Scope root = Scope::NewRootScope();
  Operation noop = ops::NoOp(root.WithOpName("n"));
  EXPECT_TRUE(noop.valid());
  EXPECT_EQ(noop.name(), "n");
  EXPECT_FALSE(noop.output(0).valid());
  EXPECT_FALSE(Operation().valid());
  EXPECT_EQ(Operation().name(), "");
  EXPECT_EQ(Output().name(), "");
  Scope bad = root.WithControlDependencies({Operation()});
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(root.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invalid Operation")));
}

TEST(ScopeTest, UpdateStatusKeepsTheFirstError) {
  Scope root = Scope::NewRootScope();
  root.UpdateStatus(absl::OkStatus());
  EXPECT_OK(root.status());
  root.UpdateStatus(absl::InternalError("first"));
  root.UpdateStatus(absl::InternalError("second"));
  EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInternal, "first"));
}

TEST(ScopeTest, NewRootScopeForGraphBuildsIntoAnExistingGraph) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 2}});
  ops::Relu(root.WithOpName("Relu"), x);
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  ASSERT_OK(def);
  absl::StatusOr<std::unique_ptr<Graph>> graph = GraphFromGraphDef(*def);
  ASSERT_OK(graph);
  absl::StatusOr<Scope> adopted = Scope::NewRootScopeForGraph(graph->get());
  ASSERT_OK(adopted);
  Node* relu = (*graph)->FindNode("Relu");
  auto known = adopted->refiner().output(*relu, 0);
  ASSERT_OK(known);
  EXPECT_EQ(known->second.DebugString(), "[?,2]");
  Output r(relu, 0, known->first, known->second);
  // New nodes go into the same graph, with names unique against the existing ones.
  Output again = ops::Relu(*adopted, r);
  ASSERT_OK(adopted->status());
  EXPECT_EQ(again.name(), "Relu_1");
  EXPECT_EQ((*graph)->num_nodes(), 3);
  // A graph with an invalid node cannot be adopted.
  NodeDef bad;
  bad.set_name("bad");
  bad.set_op("NoSuchOp");
  ASSERT_OK((*graph)->AddNode(bad).status());
  EXPECT_THAT(Scope::NewRootScopeForGraph(graph->get()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("NoSuchOp")));
}

}  // namespace
}  // namespace rill
