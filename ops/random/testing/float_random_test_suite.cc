// The FloatRandomOpTest cases (see float_random_test_suite.h): signature, the shape table (fed and
// constant shape vectors, errors), seed semantics and that autodiff goes around the op.
#include "ops/random/testing/float_random_test_suite.h"

#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "ops/array_ops.h"
#include "graph/types.h"
#include "ops/op_registry.h"
#include "ops/random/testing/random_test_util.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::random::testing {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

void PrintTo(const FloatRandomOpParam& param, std::ostream* os) { *os << param.op; }

namespace {

OpAttrs Attrs(DataType dtype) {
  return {{"dtype", MakeAttr(dtype)}, {"seed", MakeAttr(int64_t{7})}, {"seed2", MakeAttr(int64_t{11})}};
}

TEST_P(FloatRandomOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find(GetParam().op);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            absl::StrCat(GetParam().op,
                         "(shape: T) -> (output: dtype); attrs: seed: int = 0, seed2: int = 0, "
                         "dtype: {float, double}, T: {int32, int64}; flags: stateful"));
  EXPECT_TRUE(op->no_gradient);
  EXPECT_TRUE(op->reference_kernel);
}

TEST_P(FloatRandomOpTest, Shapes) {
  const std::string& op = GetParam().op;
  const OpAttrs f32 = Attrs(DT_FLOAT);
  // A fed shape vector: only its length is known.
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[3]"}}, f32), HoldsValue(ElementsAre("[?,?,?]")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[4]"}}, f32), HoldsValue(ElementsAre("[?,?,?,?]")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT64, "[2]"}}, Attrs(DT_DOUBLE)),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT64, "[0]"}}, f32), HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[?]"}}, f32), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT64, "[?]"}}, f32), HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "?"}}, f32), HoldsValue(ElementsAre("<unknown>")));
  // Errors.
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[]"}}, f32),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): input 0 must be a 1-D shape tensor"))));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[2,2]"}}, f32),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1-D shape tensor")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[1,1]"}}, f32),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 0 must be a 1-D")));
  EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, "[2]"}}, f32),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is float")));
  EXPECT_THAT(InferOpShapes(op, {{DT_UINT8, "[2]"}}, f32),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is uint8")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[2]"}}, Attrs(DT_INT32)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'dtype' is int32")));
  EXPECT_THAT(InferOpShapes(op, {{DT_INT32, "[2]"}}, Attrs(DT_BOOL)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'dtype' is bool")));

  // A constant shape gives the exact shape (-1 entries are unknown dims).
  auto build = GetParam().builder;
  Scope root = Scope::NewRootScope();
  Output exact = build(root, ops::Const(root, {2, 3}), DT_DOUBLE, {});
  Output column = build(root, ops::Const(root, {5, 1}), DT_FLOAT, {});
  Output partial = build(root, ops::Const<int64_t>(root, {-1, 4}), DT_FLOAT, {});
  Output partial32 = build(root, ops::Const(root, {-1, 8}), DT_FLOAT, {});
  Output scalar = build(root, ops::Const(root, MakeTensor<int32_t>({0}, {})), DT_FLOAT, {});
  ASSERT_OK(root.status());
  EXPECT_EQ(exact.node()->op(), op);
  EXPECT_EQ(exact.shape().DebugString(), "[2,3]");
  EXPECT_EQ(exact.dtype(), DT_DOUBLE);
  EXPECT_EQ(column.shape().DebugString(), "[5,1]");
  EXPECT_EQ(partial.shape().DebugString(), "[?,4]");
  EXPECT_EQ(partial32.shape().DebugString(), "[?,8]");
  EXPECT_EQ(scalar.shape().DebugString(), "[]");
}

TEST_P(FloatRandomOpTest, SeedSemantics) {
  auto build = GetParam().builder;
  for (const auto& [dims, dtype] : std::vector<std::pair<std::vector<int32_t>, DataType>>{
           {{4, 5}, DT_FLOAT}, {{17}, DT_DOUBLE}, {{3, 7}, DT_FLOAT}}) {
    SCOPED_TRACE(absl::StrCat("shape of ", dims.size(), " dims, ", DataTypeString(dtype)));
    ExpectSeedSemantics([&, dims = dims, dtype = dtype](const Scope& s, const ops::RandomAttrs& a) {
      return build(s, ops::Const(s, MakeTensor<int32_t>({static_cast<int64_t>(dims.size())}, dims)),
                   dtype, a);
    });
  }
}

TEST_P(FloatRandomOpTest, NotDifferentiable) {
  auto build = GetParam().builder;
  for (const std::vector<int32_t>& dims :
       std::vector<std::vector<int32_t>>{{3, 2}, {2, 2}, {5}}) {
    ExpectGradientPassesAround([&](const Scope& s, const ops::RandomAttrs& a) {
      return build(s, ops::Const(s, MakeTensor<int32_t>({static_cast<int64_t>(dims.size())}, dims)),
                   DT_DOUBLE, a);
    });
  }
}

}  // namespace
}  // namespace rill::random::testing
