// Tests RunOp and friends: outputs, const inputs, list-attr inference, errors, MakeAttr.
#include "ops/testing/op_runner.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/op_registry.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(OpRunnerTest, RunsOneOp) {
  auto got = RunOp("AddV2", {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({}, {1})});
  ASSERT_OK(got);
  EXPECT_THAT(*got, ElementsAre(TensorEq(MakeTensor<float>({2}, {2, 3}))));
  got =
      RunOp("BroadcastGradientArgs", {MakeTensor<int32_t>({1}, {2}), MakeTensor<int32_t>({0}, {})});
  ASSERT_OK(got);
  EXPECT_THAT(*got, SizeIs(2));
  EXPECT_THAT(RunOp("NoOp", {}), IsOkAndHolds(SizeIs(0)));
}

TEST(OpRunnerTest, ConstInputsReachShapeFunctions) {
  const std::vector<Tensor> in = {MakeTensor<float>({2, 2}, {1, 2, 3, 4}),
                                  MakeTensor<int32_t>({1}, {-1})};
  auto got = RunOpWithConstInputs("Reshape", in, {false, true});
  ASSERT_OK(got);
  EXPECT_THAT((*got)[0], TensorEq(MakeTensor<float>({4}, {1, 2, 3, 4})));
}

TEST(OpRunnerTest, InfersListAttrs) {
  const OpRegistration* add_n = OpRegistry::Global()->Find("AddN");
  ASSERT_NE(add_n, nullptr);
  OpAttrs inferred = InferListAttrs(
      add_n->def, {MakeTensor<int64_t>({1}, {1}), MakeTensor<int64_t>({1}, {2})}, {});
  EXPECT_EQ(inferred["N"].i(), 2);
  EXPECT_EQ(inferred["T"].type(), DT_INT64);
  EXPECT_TRUE(InferListAttrs(add_n->def, {MakeTensor<int64_t>({1}, {1})},
                             {{"N", MakeAttr(1)}, {"T", MakeAttr(DT_INT64)}})
                  .empty());
}

TEST(OpRunnerTest, ErrorsComeBack) {
  EXPECT_THAT(RunOp("AddV2", {MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({3}, {1, 2, 3})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (AddV2)")));
  EXPECT_THAT(RunOp("NoSuchOp", {}), StatusCodeIs(absl::StatusCode::kNotFound));
}

TEST(OpRunnerTest, MakeAttr) {
  EXPECT_TRUE(MakeAttr(true).b());
  EXPECT_EQ(MakeAttr(3).i(), 3);
  EXPECT_EQ(MakeAttr(int64_t{4}).i(), 4);
  EXPECT_EQ(MakeAttr(0.5f).f(), 0.5f);
  EXPECT_EQ(MakeAttr(0.25).f(), 0.25f);
  EXPECT_EQ(MakeAttr("SAME").s(), "SAME");
  EXPECT_EQ(MakeAttr(std::string("x")).s(), "x");
  EXPECT_EQ(MakeAttr(DT_DOUBLE).type(), DT_DOUBLE);
  EXPECT_EQ(MakeAttr(PartialShape({-1, 2})).shape().dim_size(), 2);
  EXPECT_EQ(MakeAttr(MakeTensor<int32_t>({1}, {5})).tensor().dtype(), DT_INT32);
  EXPECT_THAT(MakeAttr(std::vector<int64_t>{1, 2}).list().i(), ElementsAre(1, 2));
  EXPECT_TRUE(MakeAttr(std::vector<int64_t>{}).has_list());
  EXPECT_THAT(MakeAttr(std::vector<DataType>{DT_FLOAT}).list().type(), ElementsAre(DT_FLOAT));
}

}  // namespace
}  // namespace rill::testing
