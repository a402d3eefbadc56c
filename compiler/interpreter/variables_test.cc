// Tests the executor's variable semantics: values persist across Runs; within one Run a read sees
// the latest write it is ordered after (data or control edge) and otherwise the value from before
// the Run; fetched values are not changed by later writes (copy-on-write).
#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"
#include "ops/state_ops.h"
#include "ops/testing/tensor_test_util.h"
#include "ops/training_ops.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

std::unique_ptr<Interpreter> Start(const Scope& root) {
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  if (!def.ok()) return nullptr;
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(*def);
  EXPECT_OK(interp);
  return interp.ok() ? *std::move(interp) : nullptr;
}

Tensor Scalar(float v) { return MakeTensor<float>({}, {v}); }

// The values of `fetches` in one Run (test failure if it fails).
std::vector<Tensor> RunOk(Interpreter& interp, const std::vector<std::string>& fetches,
                          const std::vector<std::string>& targets = {}) {
  absl::StatusOr<std::vector<Tensor>> got = interp.Run({}, fetches, targets);
  EXPECT_OK(got);
  return got.ok() ? *got : std::vector<Tensor>(fetches.size());
}

TEST(VariablesTest, ReadNotOrderedAfterAWriteSeesTheValueBeforeTheStep) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {}, DT_FLOAT);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, 1.f));
  Output assign = ops::Assign(root.WithOpName("assign"), v, ops::Const(root, 2.f));
  // Inserted after the Assign, so it also runs after it, yet no edge orders it after the write.
  ops::Identity(root.WithOpName("unordered_read"), v);
  ops::Identity(root.WithOpName("control_read").WithControlDependencies(assign), v);
  ops::Identity(root.WithOpName("data_read"), assign);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  RunOk(*interp, {}, {"init"});
  std::vector<Tensor> got = RunOk(*interp, {"unordered_read", "control_read", "data_read"});
  EXPECT_THAT(got[0], TensorEq(Scalar(1)));
  EXPECT_THAT(got[1], TensorEq(Scalar(2)));
  EXPECT_THAT(got[2], TensorEq(Scalar(2)));
  // The next step sees the write.
  EXPECT_THAT(RunOk(*interp, {"unordered_read"})[0], TensorEq(Scalar(2)));
}

TEST(VariablesTest, AnUpdateAfterTheLastReadWritesTheVariableInPlace) {
  // Once every reader of the step's value has run, the snapshot is dropped: the in-place update
  // needs no copy (the variable keeps its buffer) and the reader still saw the old value.
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {4}, DT_FLOAT);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, {1.f, 2.f, 3.f, 4.f}));
  Output read = ops::Mul(root.WithOpName("read"), v, ops::Const(root, 2.f));
  ops::ApplyGradientDescent(root.WithOpName("sgd").WithControlDependencies(read), v,
                            ops::Const(root, 0.5f), ops::Const(root, {1.f, 1.f, 1.f, 1.f}));
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  RunOk(*interp, {}, {"init"});
  const void* buffer = interp->variables().Find("v")->value().raw_data();
  std::vector<Tensor> got = RunOk(*interp, {"read"}, {"sgd"});
  EXPECT_THAT(got[0], TensorEq(MakeTensor<float>({4}, {2.f, 4.f, 6.f, 8.f})));
  EXPECT_EQ(interp->variables().Find("v")->value().raw_data(), buffer);
  EXPECT_THAT(interp->variables().Find("v")->value(),
              TensorEq(MakeTensor<float>({4}, {0.5f, 1.5f, 2.5f, 3.5f})));
  // Fetching the reference itself keeps the snapshot (the fetch reads it at the end).
  got = RunOk(*interp, {"v"}, {"sgd"});
  EXPECT_THAT(got[0], TensorEq(MakeTensor<float>({4}, {0.5f, 1.5f, 2.5f, 3.5f})));
  EXPECT_THAT(interp->variables().Find("v")->value(),
              TensorEq(MakeTensor<float>({4}, {0.f, 1.f, 2.f, 3.f})));
}

TEST(VariablesTest, ReadSeesTheLatestWriteItIsOrderedAfter) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {}, DT_FLOAT);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, 1.f));
  Output add1 = ops::AssignAdd(root.WithOpName("add1"), v, ops::Const(root, 1.f));
  Output add10 = ops::AssignAdd(root.WithOpName("add10").WithControlDependencies(add1), v,
                                ops::Const(root, 10.f));
  // Runs after add10 (inserted later) but is ordered only after add1.
  ops::Identity(root.WithOpName("after_add1").WithControlDependencies(add1), v);
  ops::Identity(root.WithOpName("after_add10").WithControlDependencies(add10), v);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  RunOk(*interp, {}, {"init"});
  std::vector<Tensor> got = RunOk(*interp, {"after_add1", "after_add10"});
  EXPECT_THAT(got[0], TensorEq(Scalar(2)));
  EXPECT_THAT(got[1], TensorEq(Scalar(12)));
  EXPECT_THAT(RunOk(*interp, {"v"})[0], TensorEq(Scalar(12)));
}

TEST(VariablesTest, CrossedReadsAndWritesBothSeeTheOldValues) {
  // r_v reads v after the write to u; r_u reads u after the write to v. No order of the four
  // nodes gives both reads the old values, so this needs versioned reads, not scheduling.
  Scope root = Scope::NewRootScope();
  Output u = ops::VariableV2(root.WithOpName("u"), {}, DT_FLOAT);
  Output v = ops::VariableV2(root.WithOpName("v"), {}, DT_FLOAT);
  Operation init =
      ops::NoOp(root.WithOpName("init")
                    .WithControlDependencies(ops::Assign(root, u, ops::Const(root, 1.f)))
                    .WithControlDependencies(ops::Assign(root, v, ops::Const(root, 2.f))));
  ASSERT_TRUE(init.valid());
  Output write_u = ops::Assign(root.WithOpName("write_u"), u, ops::Const(root, 10.f));
  Output write_v = ops::Assign(root.WithOpName("write_v"), v, ops::Const(root, 20.f));
  Output r_v = ops::Identity(root.WithOpName("r_v").WithControlDependencies(write_u), v);
  Output r_u = ops::Identity(root.WithOpName("r_u").WithControlDependencies(write_v), u);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  RunOk(*interp, {}, {"init"});
  std::vector<Tensor> got = RunOk(*interp, {"r_v", "r_u"});
  EXPECT_THAT(got[0], TensorEq(Scalar(2)));
  EXPECT_THAT(got[1], TensorEq(Scalar(1)));
  got = RunOk(*interp, {"u", "v"});
  EXPECT_THAT(got[0], TensorEq(Scalar(10)));
  EXPECT_THAT(got[1], TensorEq(Scalar(20)));
}

TEST(VariablesTest, FetchedValuesAreNotChangedByLaterWrites) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {2}, DT_FLOAT);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, {1.f, 2.f}));
  ops::AssignAdd(root.WithOpName("inc"), v, ops::Const(root, {1.f, 1.f}));
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  RunOk(*interp, {}, {"init"});
  Tensor before = RunOk(*interp, {"v"})[0];
  RunOk(*interp, {}, {"inc"});
  RunOk(*interp, {}, {"inc"});
  EXPECT_THAT(before, TensorEq(MakeTensor<float>({2}, {1, 2})));
  EXPECT_THAT(RunOk(*interp, {"v"})[0], TensorEq(MakeTensor<float>({2}, {3, 4})));
}

TEST(VariablesTest, UninitializedVariables) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("layer/w"), {2}, DT_FLOAT);
  ops::Mul(root.WithOpName("use"), v, ops::Const(root, 2.f));
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(interp->Run({}, {"layer/w"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("fetch 'layer/w': variable 'layer/w' is uninitialized")));
  EXPECT_THAT(interp->Run({}, {"use"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("node 'use' (Mul): variable 'layer/w' is uninitialized")));
  // Running only the VariableV2 node (no read) is fine.
  EXPECT_OK(interp->Run({}, {}, {"layer/w"}).status());
  EXPECT_EQ(interp->variables().size(), 1);
}

TEST(VariablesTest, ReferenceOutputsCannotBeFed) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {}, DT_FLOAT);
  ops::Identity(root.WithOpName("read"), v);
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(interp->Run({{"v", Scalar(1)}}, {"read"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cannot feed a reference (variable) output")));
}

}  // namespace
}  // namespace rill
