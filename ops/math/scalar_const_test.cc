// Tests ScalarConst: the dtype and value of the Const it builds, and the error for other dtypes.
#include "ops/math/scalar_const.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/tensor.h"
#include "gtest/gtest.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

Tensor ValueOf(const Output& out) {
  Tensor t;
  const AttrValue& value = out.node()->attrs().at("value");
  absl::StatusOr<Tensor> decoded = Tensor::FromProto(value.tensor());
  if (decoded.ok()) t = *decoded;
  return t;
}

TEST(ScalarConstTest, EveryNumericDtype) {
  Scope root = Scope::NewRootScope();
  Output f = ops::ScalarConst(root, DT_FLOAT, 6);
  Output d = ops::ScalarConst(root, DT_DOUBLE, -0.5);
  Output i = ops::ScalarConst(root, DT_INT32, 6);
  Output l = ops::ScalarConst(root, DT_INT64, -3);
  Output u = ops::ScalarConst(root, DT_UINT8, 255);
  ASSERT_OK(root.status());
  EXPECT_EQ(f.node()->op(), "Const");
  EXPECT_EQ(f.shape().DebugString(), "[]");
  EXPECT_THAT(ValueOf(f), TensorEq(MakeTensor<float>({}, {6})));
  EXPECT_THAT(ValueOf(d), TensorEq(MakeTensor<double>({}, {-0.5})));
  EXPECT_THAT(ValueOf(i), TensorEq(MakeTensor<int32_t>({}, {6})));
  EXPECT_THAT(ValueOf(l), TensorEq(MakeTensor<int64_t>({}, {-3})));
  EXPECT_THAT(ValueOf(u), TensorEq(MakeTensor<uint8_t>({}, {255})));
}

TEST(ScalarConstTest, OtherDtypesAreAnError) {
  Scope root = Scope::NewRootScope();
  Output b = ops::ScalarConst(root, DT_BOOL, 1);
  EXPECT_FALSE(b.valid());
  EXPECT_THAT(root.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("no scalar constant of dtype bool")));
}

}  // namespace
}  // namespace rill
