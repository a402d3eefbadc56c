// Tests of Interpreter::SetNodeGroups: a group runs as one call with its inputs resolved as its
// members would see them (variable reads included), falls back to node by node when a member's
// output is fed, and malformed groups are rejected.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/state_ops.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// x; v = [10, 20] (init); a = x * x; k = 2; b = a + k; r = b * v. Fetches r.
absl::StatusOr<std::unique_ptr<Interpreter>> Make() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  Output v = ops::VariableV2(root.WithOpName("v"), PartialShape({2}), DT_FLOAT);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, {10.0f, 20.0f}));
  Output a = ops::Mul(root.WithOpName("a"), x, x);
  Output b = ops::Add(root.WithOpName("b"), a, ops::Const(root.WithOpName("k"), 2.0f));
  ops::Mul(root.WithOpName("r"), b, v);
  RETURN_IF_ERROR(root.status());
  return Interpreter::Create(*root.graph());
}

// The group {a, b, r} over the interpreter's own order: the other nodes in its span hoisted,
// inputs and outputs from the edges. `run` computes r = (x*x + k) * v from the inputs.
NodeGroup Group(const Interpreter& interp, int* calls) {
  NodeGroup g;
  const std::vector<Node*>& order = interp.execution_order();
  auto pos = [&](const std::string& name) {
    return std::find_if(order.begin(), order.end(),
                        [&](const Node* n) { return n->name() == name; }) -
           order.begin();
  };
  std::vector<std::string> members = {"a", "b", "r"};
  std::sort(members.begin(), members.end(),
            [&](const std::string& p, const std::string& q) { return pos(p) < pos(q); });
  for (auto i = pos(members.front()); i <= pos(members.back()); ++i) {
    const std::string& name = order[i]->name();
    (std::count(members.begin(), members.end(), name) ? g.members : g.hoisted).push_back(name);
  }
  auto index = [&](const std::string& name) {
    return static_cast<int>(std::find(g.members.begin(), g.members.end(), name) -
                            g.members.begin());
  };
  // a reads x twice; b reads k; r reads v.
  g.inputs = {{index("a"), 0}, {index("a"), 1}, {index("b"), 1}, {index("r"), 1}};
  g.outputs = {{index("r"), 0}};
  g.run = [calls](const std::vector<Tensor>& in, const KernelEnv&, std::vector<Tensor>* out,
                  std::vector<NodeTiming>*) -> absl::Status {
    ++*calls;
    Tensor r = *Tensor::Create(DT_FLOAT, TensorShape({2}));
    for (int i = 0; i < 2; ++i) {
      r.data<float>()[i] = (in[0].data<float>()[i] * in[1].data<float>()[i] +
                            in[2].data<float>()[0]) *
                           in[3].data<float>()[i];
    }
    out->push_back(r);
    return absl::OkStatus();
  };
  return g;
}

TEST(NodeGroupsTest, AGroupRunsAsOneCallWithVariableReadsResolved) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interp, Make());
  int calls = 0;
  ASSERT_OK(interp->SetNodeGroups({Group(*interp, &calls)}));
  ASSERT_OK(interp->Run({}, {}, {"init"}).status());
  ASSERT_OK_AND_ASSIGN(Tensor x, Tensor::FromVector<float>({1, 3}, TensorShape({2})));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, interp->Run({{"x", x}}, {"r"}));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(interp->groups_run(), 1);
  EXPECT_THAT(out[0].ToVector<float>(), ::testing::ElementsAre(30.0f, 220.0f));
  EXPECT_EQ(interp->last_run_stats().overrides_run, 3);  // the members count as replaced
  // The uninitialized variable's error names the member that reads it, as node by node.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> fresh, Make());
  ASSERT_OK(fresh->SetNodeGroups({Group(*fresh, &calls)}));
  EXPECT_THAT(fresh->Run({{"x", x}}, {"r"}).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("node 'r' (Mul)")));
}

TEST(NodeGroupsTest, FeedingAMemberOutputRunsTheSpanNodeByNode) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interp, Make());
  int calls = 0;
  ASSERT_OK(interp->SetNodeGroups({Group(*interp, &calls)}));
  ASSERT_OK(interp->Run({}, {}, {"init"}).status());
  ASSERT_OK_AND_ASSIGN(Tensor b, Tensor::FromVector<float>({1, 2}, TensorShape({2})));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, interp->Run({{"b", b}}, {"r"}));
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(interp->groups_run(), 0);
  EXPECT_THAT(out[0].ToVector<float>(), ::testing::ElementsAre(10.0f, 40.0f));
}

TEST(NodeGroupsTest, MalformedGroupsAreRejected) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interp, Make());
  int calls = 0;
  NodeGroup missing_hoisted = Group(*interp, &calls);
  if (!missing_hoisted.hoisted.empty()) {
    missing_hoisted.hoisted.clear();
    EXPECT_THAT(interp->SetNodeGroups({missing_hoisted}),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("consecutive span")));
  }
  // Without r, b's value is read outside the group but not among its outputs.
  NodeGroup partial = Group(*interp, &calls);
  partial.members.pop_back();
  partial.inputs.pop_back();
  partial.outputs.clear();
  while (!partial.hoisted.empty()) partial.hoisted.pop_back();  // a and b are adjacent or not
  EXPECT_THAT(interp->SetNodeGroups({partial}), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node group")));
  NodeGroup ref = Group(*interp, &calls);
  ref.members = {"init"};
  ref.hoisted.clear();
  ref.inputs.clear();
  ref.outputs.clear();
  EXPECT_THAT(interp->SetNodeGroups({ref}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("variable reference")));
  NodeGroup unknown = Group(*interp, &calls);
  unknown.members.push_back("nope");
  EXPECT_THAT(interp->SetNodeGroups({unknown}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no node 'nope'")));
}

}  // namespace
}  // namespace rill
