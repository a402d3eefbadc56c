// The fused ops' reference kernels compute exactly what the unfused MatMul/Conv2D + AddV2 (+ Relu)
// computes on the reference kernels (bitwise), and reject malformed fused_ops and biases.
#include "compiler/fused_ops.h"

#include <limits>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::MakeAttr;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

AttrValue FusedOps(const std::vector<std::string>& ops) {
  AttrValue v;
  for (const std::string& op : ops) v.mutable_list()->add_s(op);
  return v;
}

Tensor Unfused(const std::string& op, const std::vector<Tensor>& in,
               const rill::testing::OpAttrs& attrs, const Tensor& bias, bool relu) {
  absl::StatusOr<std::vector<Tensor>> product = RunOp(op, in, attrs);
  EXPECT_OK(product.status());
  absl::StatusOr<std::vector<Tensor>> sum = RunOp("AddV2", {(*product)[0], bias});
  EXPECT_OK(sum.status());
  if (!relu) return (*sum)[0];
  absl::StatusOr<std::vector<Tensor>> r = RunOp("Relu", {(*sum)[0]});
  EXPECT_OK(r.status());
  return (*r)[0];
}

TEST(FusedOpsTest, FusedMatMulEqualsTheUnfusedOpsBitwise) {
  for (bool relu : {false, true}) {
    for (bool tb : {false, true}) {
      const Tensor a = RandomTensor(DT_FLOAT, TensorShape({7, 5}), 1);
      Tensor b = RandomTensor(DT_FLOAT, tb ? TensorShape({3, 5}) : TensorShape({5, 3}), 2);
      const Tensor bias = RandomTensor(DT_FLOAT, TensorShape({3}), 3);
      b.data<float>()[4] = std::numeric_limits<float>::quiet_NaN();
      rill::testing::OpAttrs attrs = {{"transpose_b", MakeAttr(tb)}};
      const Tensor want = Unfused("MatMul", {a, b}, attrs, bias, relu);
      attrs[kFusedOpsAttr] = FusedOps(relu ? std::vector<std::string>{"BiasAdd", "Relu"}
                                           : std::vector<std::string>{"BiasAdd"});
      ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, RunOp(kFusedMatMulOp, {a, b, bias}, attrs));
      EXPECT_TRUE(got[0].BitwiseEqual(want)) << got[0].DebugString() << " vs " << want.DebugString();
    }
  }
}

TEST(FusedOpsTest, FusedConv2DEqualsTheUnfusedOpsBitwise) {
  const Tensor x = RandomTensor(DT_FLOAT, TensorShape({2, 6, 5, 3}), 4);
  const Tensor f = RandomTensor(DT_FLOAT, TensorShape({3, 2, 3, 4}), 5);
  const Tensor bias = RandomTensor(DT_FLOAT, TensorShape({4}), 6);
  rill::testing::OpAttrs attrs = {{"strides", MakeAttr(std::vector<int64_t>{1, 2, 1, 1})},
                                  {"padding", MakeAttr("SAME")}};
  const Tensor want = Unfused("Conv2D", {x, f}, attrs, bias, true);
  attrs[kFusedOpsAttr] = FusedOps({"BiasAdd", "Relu"});
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, RunOp(kFusedConv2DOp, {x, f, bias}, attrs));
  EXPECT_TRUE(got[0].BitwiseEqual(want)) << got[0].DebugString() << " vs " << want.DebugString();
}

TEST(FusedOpsTest, RejectsUnknownEpiloguesAndBadBiases) {
  const Tensor a = RandomTensor(DT_FLOAT, TensorShape({2, 2}), 1);
  const Tensor bias = RandomTensor(DT_FLOAT, TensorShape({2}), 2);
  EXPECT_THAT(RunOp(kFusedMatMulOp, {a, a, bias}, {{kFusedOpsAttr, FusedOps({"Tanh"})}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fused_ops")));
  EXPECT_THAT(RunOp(kFusedMatMulOp, {a, a, a}, {{kFusedOpsAttr, FusedOps({"BiasAdd"})}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bias")));
}

}  // namespace
}  // namespace rill::compiler
