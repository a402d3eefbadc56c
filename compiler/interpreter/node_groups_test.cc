// Tests of Interpreter::SetNodeGroups: a group runs as one call with its inputs resolved as its
// members would see them (variable reads included), an in-place member writes the variable the
// executor opened for it, the span falls back to node by node when a member's output is fed or
// the inputs are refused, and malformed groups are rejected.
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

// v = [1, 2] (init). The step: a = v * x, upd: v += x (in place). Group {a, upd}: `run` adds in
// place into the buffer the executor opened. (No other reader of v: the snapshot of v is dropped
// before the write, so nothing is copied.)
TEST(NodeGroupsTest, AnInPlaceMemberWritesTheOpenedVariableAndForwardsItsReference) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  Output v = ops::VariableV2(root.WithOpName("v"), PartialShape({2}), DT_FLOAT);
  // (An Add: a Const's value would stay shared with the Const, and the first write would copy.)
  ops::Assign(root.WithOpName("init"), v,
              ops::Add(root, ops::Const(root, {1.0f, 2.0f}), ops::Const(root, 0.0f)));
  ops::Mul(root.WithOpName("a"), v, x);
  ops::AssignAdd(root.WithOpName("upd"), v, x);
  ASSERT_OK(root.status());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interp, Interpreter::Create(*root.graph()));
  const std::vector<Node*>& order = interp->execution_order();
  auto pos = [&](const std::string& name) {
    return std::find_if(order.begin(), order.end(),
                        [&](const Node* n) { return n->name() == name; }) - order.begin();
  };
  ASSERT_EQ(pos("upd"), pos("a") + 1);  // built in dependency order: adjacent
  ASSERT_OK(interp->Run({}, {}, {"init"}).status());
  Variable* var = interp->variables().Find("v");
  const void* buffer = var->value().raw_data();
  const int64_t version = var->version();
  NodeGroup g;
  g.members = {"a", "upd"};
  g.inputs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};  // a: v, x; upd: ref v, x
  g.outputs = {{0, 0}};
  int calls = 0;
  bool shared = false;
  g.run = [&](const std::vector<Tensor>& in, const KernelEnv&, std::vector<Tensor>* out,
              std::vector<NodeTiming>*) -> absl::Status {
    ++calls;
    // a runs before upd and reads the current value: it gets the opened buffer itself.
    shared = in[0].SharesBufferWith(in[2]) && in[2].raw_data() == buffer;
    Tensor a = *Tensor::Create(DT_FLOAT, TensorShape({2}));
    for (int i = 0; i < 2; ++i) {
      a.data<float>()[i] = in[0].data<float>()[i] * in[1].data<float>()[i];
    }
    Tensor written = in[2];
    for (int i = 0; i < 2; ++i) written.data<float>()[i] += in[3].data<float>()[i];
    out->push_back(a);
    return absl::OkStatus();
  };
  bool accepts_called = false;
  g.accepts = [&](const std::vector<Tensor>& in) {
    accepts_called = in.size() == 4 && in[2].valid();
    return true;
  };
  ASSERT_OK(interp->SetNodeGroups({g}));
  ASSERT_OK_AND_ASSIGN(Tensor fed, Tensor::FromVector<float>({3, 4}, TensorShape({2})));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, interp->Run({{"x", fed}}, {"a"}, {"upd"}));
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(accepts_called);
  EXPECT_TRUE(shared);
  EXPECT_THAT(out[0].ToVector<float>(), ::testing::ElementsAre(3.0f, 8.0f));  // old v
  EXPECT_THAT(var->value().ToVector<float>(), ::testing::ElementsAre(4.0f, 6.0f));
  EXPECT_EQ(var->value().raw_data(), buffer);  // written in place: no copy
  EXPECT_EQ(var->version(), version + 1);       // one write, as node by node
  // The reference output forwards v: fetched, it reads the written value.
  ASSERT_OK_AND_ASSIGN(out, interp->Run({{"x", fed}}, {"a", "upd:0"}));
  EXPECT_EQ(calls, 2);
  EXPECT_THAT(out[0].ToVector<float>(), ::testing::ElementsAre(12.0f, 24.0f));
  EXPECT_THAT(out[1].ToVector<float>(), ::testing::ElementsAre(7.0f, 10.0f));
  // Refused inputs run the span node by node (the reference kernels), with the same result.
  g.accepts = [](const std::vector<Tensor>&) { return false; };
  ASSERT_OK(interp->SetNodeGroups({g}));
  ASSERT_OK_AND_ASSIGN(out, interp->Run({{"x", fed}}, {"a"}, {"upd"}));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(interp->groups_run(), 0);
  EXPECT_THAT(out[0].ToVector<float>(), ::testing::ElementsAre(21.0f, 40.0f));
  EXPECT_THAT(var->value().ToVector<float>(), ::testing::ElementsAre(10.0f, 14.0f));
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
