// Tests the shared AssignAdd/AssignSub implementation through both registered ops on the dtypes
// their own tests (int32 only) leave out: float, double, int64, uint8 (wrapping), and the
// dtype-mismatch error of the kernel.
#include "ops/state/assign_update.h"

#include <cstdint>
#include <memory>
#include <string>

#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/state_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

// Runs init (v = `init`), then AssignAdd (add) or AssignSub, and returns v.
absl::StatusOr<Tensor> InitThenUpdate(const Tensor& init, const Tensor& value, bool add) {
  Scope root = Scope::NewRootScope();
  Output v = ops::VariableV2(root.WithOpName("v"), init.shape().AsPartial(), init.dtype());
  ops::Assign(root.WithOpName("init"), v, ops::Const(root, init));
  Output x = ops::Placeholder(root.WithOpName("x"), value.dtype());
  if (add) {
    ops::AssignAdd(root.WithOpName("update"), v, x);
  } else {
    ops::AssignSub(root.WithOpName("update"), v, x);
  }
  ASSIGN_OR_RETURN(GraphDef def, root.ToGraphDef());
  ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> interp, Interpreter::Create(def));
  RETURN_IF_ERROR(interp->Run({}, {}, {"init"}).status());
  RETURN_IF_ERROR(interp->Run({{"x", value}}, {}, {"update"}).status());
  ASSIGN_OR_RETURN(std::vector<Tensor> got, interp->Run({}, {"v"}));
  return got[0];
}

TEST(AssignUpdateTest, EveryOtherDtype) {
  EXPECT_THAT(InitThenUpdate(MakeTensor<float>({2}, {1.5, 2}), MakeTensor<float>({2}, {0.25, -4}),
                             true),
              HoldsValue(TensorEq(MakeTensor<float>({2}, {1.75, -2}))));
  EXPECT_THAT(InitThenUpdate(MakeTensor<double>({}, {1}), MakeTensor<double>({}, {0.5}), false),
              HoldsValue(TensorEq(MakeTensor<double>({}, {0.5}))));
  EXPECT_THAT(InitThenUpdate(MakeTensor<int64_t>({1}, {int64_t{1} << 40}),
                             MakeTensor<int64_t>({1}, {1}), true),
              HoldsValue(TensorEq(MakeTensor<int64_t>({1}, {(int64_t{1} << 40) + 1}))));
  // uint8 wraps both ways.
  EXPECT_THAT(InitThenUpdate(MakeTensor<uint8_t>({2}, {250, 3}), MakeTensor<uint8_t>({2}, {10, 1}),
                             true),
              HoldsValue(TensorEq(MakeTensor<uint8_t>({2}, {4, 4}))));
  EXPECT_THAT(InitThenUpdate(MakeTensor<uint8_t>({2}, {250, 3}), MakeTensor<uint8_t>({2}, {10, 4}),
                             false),
              HoldsValue(TensorEq(MakeTensor<uint8_t>({2}, {240, 255}))));
}

TEST(AssignUpdateTest, ValueOfAnotherDtypeIsAnError) {
  // A double value for a float variable is refused (by the builder's T or the kernel).
  EXPECT_THAT(InitThenUpdate(MakeTensor<float>({1}, {1}), MakeTensor<double>({1}, {1}), true),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
}

}  // namespace
}  // namespace rill
