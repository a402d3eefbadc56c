#include "compiler/testing/compiled_numerics.h"

#include <limits>

#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

GraphDef OneNode(const std::string& op, DataType t) {
  GraphDef g;
  NodeDef* n = g.add_node();
  n->set_name("n");
  n->set_op(op);
  (*n->mutable_attr())["T"].set_type(t);
  return g;
}

TEST(CompiledNumericsTest, OnlyFloatDenseOpsGetATolerance) {
  EXPECT_TRUE(HasRuntimeDenseOps(OneNode("MatMul", DT_FLOAT)));
  EXPECT_TRUE(HasRuntimeDenseOps(OneNode("Conv2DBackpropFilter", DT_FLOAT)));
  EXPECT_TRUE(HasRuntimeDenseOps(OneNode("RillFusedMatMul", DT_FLOAT)));
  EXPECT_FALSE(HasRuntimeDenseOps(OneNode("MatMul", DT_DOUBLE)));
  EXPECT_FALSE(HasRuntimeDenseOps(OneNode("AddV2", DT_FLOAT)));
}

TEST(CompiledNumericsTest, ToleranceIsRelativeToTheElementAndTheTensorsScale) {
  const Tensor want = MakeTensor<float>({3}, {100.0f, 1.0f, 0.0f});
  // 100 * 1e-4 * 2 = 0.02 allowed on the first, (1 + 100) * 1e-4 on the others.
  EXPECT_TRUE(NearlyEqual(MakeTensor<float>({3}, {100.01f, 1.005f, 0.005f}), want, 1e-4));
  EXPECT_FALSE(NearlyEqual(MakeTensor<float>({3}, {100.03f, 1.0f, 0.0f}), want, 1e-4));
  EXPECT_FALSE(NearlyEqual(MakeTensor<float>({3}, {100.0f, 1.0f, 0.02f}), want, 1e-4));
  EXPECT_FALSE(NearlyEqual(MakeTensor<float>({1, 3}, {100.0f, 1.0f, 0.0f}), want, 1e-4));
}

TEST(CompiledNumericsTest, NaNAndInfinityMustMatchAndIntegersAreBitwise) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const Tensor want = MakeTensor<float>({2}, {nan, -inf});
  EXPECT_TRUE(NearlyEqual(MakeTensor<float>({2}, {nan, -inf}), want, 1e-4));
  EXPECT_FALSE(NearlyEqual(MakeTensor<float>({2}, {1.0f, -inf}), want, 1e-4));
  EXPECT_FALSE(NearlyEqual(MakeTensor<float>({2}, {nan, inf}), want, 1e-4));
  EXPECT_FALSE(NearlyEqual(MakeTensor<int32_t>({1}, {3}), MakeTensor<int32_t>({1}, {4}), 0.5));
}

TEST(CompiledNumericsTest, MatchesReferenceIsBitwiseWithoutDenseOps) {
  const Tensor a = MakeTensor<float>({1}, {1.0f});
  const Tensor b = MakeTensor<float>({1}, {1.00001f});
  EXPECT_FALSE(MatchesReference(OneNode("AddV2", DT_FLOAT), b, a));
  EXPECT_TRUE(MatchesReference(OneNode("MatMul", DT_FLOAT), b, a));
}

}  // namespace
}  // namespace rill::testing
