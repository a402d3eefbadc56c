// The AssignUpdateOpTest cases (see assign_update_test_suite.h): shapes, the in-place update with
// copy-on-write, errors (uninitialized, shape) and integer wrap-around.
#include "ops/state/testing/assign_update_test_suite.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "ops/array_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {

using ::testing::HasSubstr;

void PrintTo(const AssignUpdateOpParam& param, std::ostream* os) { *os << param.op; }

namespace {

// Creates an interpreter for the graph built in `root`.
std::unique_ptr<Interpreter> Start(const Scope& root) {
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  EXPECT_OK(def);
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(*def);
  EXPECT_OK(interp);
  return interp.ok() ? *std::move(interp) : nullptr;
}

TEST_P(AssignUpdateOpTest, Shapes) {
  const AssignUpdateOpParam& p = GetParam();
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root, {-1, 2}, DT_FLOAT);
  Output a = p.builder(root, v, ops::Const(root, {{1.f, 2.f}}), {});
  ASSERT_OK(root.status());
  EXPECT_EQ(a.node()->op(), p.op);
  EXPECT_EQ(a.shape().DebugString(), "[1,2]");
  Scope bad = Scope::NewRootScope();
  p.builder(bad, ops::VariableV2(bad, {2}, DT_FLOAT), ops::Const(bad, {1.f}), {});
  EXPECT_THAT(bad.status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("(", p.op, "): value shape [1] does not match"))));
}

TEST_P(AssignUpdateOpTest, Kernel) {
  const AssignUpdateOpParam& p = GetParam();
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {2}, DT_INT32);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, {1, 2}));
  Output x = ops::Placeholder(root.WithOpName("x"), DT_INT32, {.shape = {-1}});
  p.builder(root.WithOpName("update"), v, x, {});
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  EXPECT_THAT(
      interp->Run({{"x", MakeTensor<int32_t>({2}, {10, 20})}}, {}, {"update"}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr(absl::StrCat("node 'update' (", p.op, "): variable 'v' is uninitialized"))));
  ASSERT_OK(interp->Run({}, {}, {"init"}).status());
  auto before = interp->Run({}, {"v"});
  ASSERT_OK(before);
  ASSERT_OK(interp->Run({{"x", MakeTensor<int32_t>({2}, {10, 20})}}, {}, {"update"}).status());
  auto after = interp->Run({}, {"v"});
  ASSERT_OK(after);
  EXPECT_THAT((*after)[0], TensorEq(MakeTensor<int32_t>({2}, p.after_update)));
  // Copy-on-write: the value fetched before the update is unchanged.
  EXPECT_THAT((*before)[0], TensorEq(MakeTensor<int32_t>({2}, {1, 2})));
  EXPECT_THAT(interp->Run({{"x", MakeTensor<int32_t>({3}, {1, 2, 3})}}, {}, {"update"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'update' (", p.op,
                                              "): value shape [3] does not match "
                                              "variable 'v' of shape [2]"))));
}

TEST_P(AssignUpdateOpTest, IntegersWrapAround) {
  const AssignUpdateOpParam& p = GetParam();
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), {}, DT_INT32);
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, p.wrap_init));
  p.builder(root.WithOpName("update"), v, ops::Const(root, 1), {});
  auto interp = Start(root);
  ASSERT_NE(interp, nullptr);
  ASSERT_OK(interp->Run({}, {}, {"init"}).status());
  ASSERT_OK(interp->Run({}, {}, {"update"}).status());
  auto got = interp->Run({}, {"v"});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<int32_t>({}, {p.wrap_result})));
}

}  // namespace
}  // namespace rill::testing
