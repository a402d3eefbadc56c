// The ArgMinMaxOpTest cases (see arg_min_max_test_suite.h): signature, shape table (constant and
// unknown dimension, unknown rank, errors), builder, the kernel table for every dtype and
// output_type, and the edge cases (NaN, empty axis, fed dimensions).
#include "ops/reduce/testing/arg_min_max_test_suite.h"

#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "ops/array_ops.h"
#include "ops/nn/testing/const_input_shapes.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

Tensor Dim(int32_t d) { return MakeTensor<int32_t>({}, {d}); }

KernelRow Row(Tensor input, Tensor dimension, OpAttrs attrs = {}) {
  return KernelRow{{std::move(input), std::move(dimension)}, std::move(attrs), {}};
}

}  // namespace

std::vector<KernelRow> ArgMinMaxKernelInputs() {
  const float inf = std::numeric_limits<float>::infinity();
  const Tensor x = MakeTensor<float>({2, 3}, {1, 5, 3, 7, -2, 7});
  return {
      Row(x, Dim(1)),
      Row(x, Dim(0)),
      Row(x, MakeTensor<int64_t>({}, {-1}), {{"output_type", MakeAttr(DT_INT32)}}),
      Row(MakeTensor<double>({4}, {-1e300, -1e301, 0.5, 0.25}), Dim(0)),
      Row(MakeTensor<int32_t>({3}, {-5, -5, -9}), Dim(0)),
      Row(MakeTensor<int32_t>({4}, {-5, -9, 3, -9}), Dim(0)),
      Row(MakeTensor<int64_t>({2}, {int64_t{1} << 40, (int64_t{1} << 40) + 1}), Dim(0)),
      Row(MakeTensor<uint8_t>({2, 2}, {0, 255, 9, 8}), Dim(1)),
      Row(MakeTensor<bool>({3}, {false, true, true}), Dim(0)),
      Row(MakeTensor<bool>({3}, {true, false, false}), Dim(0)),
      Row(MakeTensor<float>({2, 2, 2}, {0, 9, 1, 2, 5, 0, 4, 6}), Dim(1)),
      Row(MakeTensor<float>({3}, {-inf, inf, 2}), Dim(0)),
      Row(MakeTensor<float>({3}, {inf, -inf, 2}), Dim(0)),
  };
}

void PrintTo(const ArgMinMaxOpParam& param, std::ostream* os) { *os << param.op; }

namespace {

TEST_P(ArgMinMaxOpTest, Signature) {
  const std::string& name = GetParam().op;
  const OpRegistration* op = OpRegistry::Global()->Find(name);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            absl::StrCat(name,
                         "(input: T, dimension: Tidx) -> (output: output_type); attrs: T: {float, "
                         "double, int32, int64, uint8, bool}, Tidx: {int32, int64} = int32, "
                         "output_type: {int32, int64} = int64"));
  EXPECT_TRUE(op->no_gradient);
}

TEST_P(ArgMinMaxOpTest, ShapeTable) {
  const std::string& op = GetParam().op;
  const ShapeInput x{DT_FLOAT, "[2,?,4]"};
  EXPECT_THAT(InferShapesWithConsts(op, {x, Dim(0)}), HoldsValue(ElementsAre("[?,4]")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, Dim(-1)}), HoldsValue(ElementsAre("[2,?]")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, MakeTensor<int64_t>({}, {1})}),
              HoldsValue(ElementsAre("[2,4]")));
  EXPECT_THAT(InferShapesWithConsts(op, {ShapeInput{DT_INT32, "[5]"}, Dim(0)}),
              HoldsValue(ElementsAre("[]")));
  // Unknown dimension value: rank - 1 unknown dims; unknown rank: unknown.
  EXPECT_THAT(InferShapesWithConsts(op, {x, ShapeInput{DT_INT32, "[]"}}),
              HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(InferShapesWithConsts(op, {ShapeInput{DT_FLOAT, "?"}, Dim(3)}),
              HoldsValue(ElementsAre("<unknown>")));
  // Errors.
  EXPECT_THAT(InferShapesWithConsts(op, {x, Dim(3)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): invalid dimension 3 for input of rank 3"))));
  EXPECT_THAT(InferShapesWithConsts(op, {ShapeInput{DT_FLOAT, "[]"}, Dim(0)}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rank 0")));
  EXPECT_THAT(InferShapesWithConsts(op, {x, ShapeInput{DT_INT32, "[1]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("dimension must be a scalar, got [1]")));
  EXPECT_THAT(InferShapesWithConsts(op, {ShapeInput{DT_STRING, "[2]"}, Dim(0)}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is string")));
}

TEST_P(ArgMinMaxOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {-1, 10}});
  Output a = GetParam().builder(root, x, ops::Const(root, 1), {});
  Output b = GetParam().builder(root, x, ops::Const(root, 1), {.output_type = DT_INT32});
  ASSERT_OK(root.status());
  EXPECT_EQ(a.node()->op(), GetParam().op);
  EXPECT_EQ(a.dtype(), DT_INT64);
  EXPECT_EQ(b.dtype(), DT_INT32);
  EXPECT_EQ(a.shape().DebugString(), "[?]");
}

TEST_P(ArgMinMaxOpTest, KernelEveryDtype) {
  std::vector<KernelRow> rows = ArgMinMaxKernelInputs();
  const std::vector<Tensor>& expected = GetParam().kernel_expected;
  ASSERT_EQ(rows.size(), expected.size()) << "one expected tensor per input row";
  for (size_t i = 0; i < rows.size(); ++i) rows[i].expected = {expected[i]};
  ExpectKernelRows(GetParam().op, rows);
}

TEST_P(ArgMinMaxOpTest, KernelEdgeCases) {
  const std::string& op = GetParam().op;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // NaN wins (the first one), as NumPy.
  EXPECT_THAT(RunOp(op, {MakeTensor<float>({4}, {1, nan, inf, nan}), Dim(0)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({}, {1})))));
  // An empty reduced axis has no answer (TensorFlow: InvalidArgument); other empty dims are fine.
  EXPECT_THAT(RunOp(op, {MakeTensor<float>({2, 0}, {}), Dim(1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): reduction axis 1 is empty in shape [2,0]"))));
  EXPECT_THAT(RunOp(op, {MakeTensor<float>({0, 3}, {}), Dim(1)}),
              HoldsValue(ElementsAre(TensorEq(MakeTensor<int64_t>({0}, {})))));
  // A fed dimension is checked by the kernel.
  EXPECT_THAT(RunOp(op, {MakeTensor<float>({2}, {1, 2}), Dim(1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): invalid dimension 1 for input of rank 1"))));
  EXPECT_THAT(RunOp(op, {MakeTensor<float>({2}, {1, 2}), MakeTensor<int32_t>({1}, {0})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must be a scalar")));
}

}  // namespace
}  // namespace rill::testing
