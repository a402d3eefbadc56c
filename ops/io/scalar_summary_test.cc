// Tests ScalarSummary: shape table, the Summary it serializes (tags and values per element, for
// several dtypes), and the tags/values shape check.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/summary.pb.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ScalarSummaryOpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("ScalarSummary", {{DT_STRING, "[2]"}, {DT_FLOAT, "[?]"}}),
              HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferOpShapes("ScalarSummary", {{DT_STRING, "[]"}, {DT_INT64, "[]"}}),
              HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferOpShapes("ScalarSummary", {{DT_STRING, "[2]"}, {DT_FLOAT, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tags and values not the same shape: [2] != [3]")));
}

TEST(ScalarSummaryOpTest, SerializesOneValuePerElement) {
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunOp("ScalarSummary", {MakeTensor<std::string>({2}, {"loss", "acc"}),
                                               MakeTensor<float>({2}, {0.25f, -3})}));
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].dtype(), DT_STRING);
  Summary s;
  ASSERT_TRUE(s.ParseFromString(out[0].data<std::string>()[0]));
  ASSERT_EQ(s.value_size(), 2);
  EXPECT_EQ(s.value(0).tag(), "loss");
  EXPECT_EQ(s.value(0).simple_value(), 0.25f);
  EXPECT_EQ(s.value(1).tag(), "acc");
  EXPECT_EQ(s.value(1).simple_value(), -3.0f);

  ASSERT_OK_AND_ASSIGN(out, RunOp("ScalarSummary", {Tensor::Scalar<std::string>("step"),
                                                    Tensor::Scalar<int64_t>(41)}));
  ASSERT_TRUE(s.ParseFromString(out[0].data<std::string>()[0]));
  ASSERT_EQ(s.value_size(), 1);
  EXPECT_EQ(s.value(0).tag(), "step");
  EXPECT_EQ(s.value(0).simple_value(), 41.0f);
}

TEST(ScalarSummaryOpTest, RejectsOtherDtypes) {
  EXPECT_THAT(RunOp("ScalarSummary", {Tensor::Scalar<std::string>("x"),
                                      Tensor::Scalar<std::string>("y")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ScalarSummary")));
}

}  // namespace
}  // namespace rill
