// Tests MergeSummary: shape, the union of values across inputs and elements (in order), and
// errors for an unparsable element and a duplicate tag.
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
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ScalarSummaryBytes(const std::string& tag, float v) {
  Summary s;
  Summary::Value* value = s.add_value();
  value->set_tag(tag);
  value->set_simple_value(v);
  return s.SerializeAsString();
}

TEST(MergeSummaryOpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("MergeSummary", {{DT_STRING, "[]"}, {DT_STRING, "[?]"}},
                            {{"N", MakeAttr(2)}}),
              HoldsValue(ElementsAre("[]")));
}

TEST(MergeSummaryOpTest, MergesEveryElementInOrder) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<Tensor> out,
      RunOp("MergeSummary",
            {Tensor::Scalar<std::string>(ScalarSummaryBytes("a", 1)),
             MakeTensor<std::string>({2}, {ScalarSummaryBytes("b", 2), ScalarSummaryBytes("c", 3)})},
            {{"N", MakeAttr(2)}}));
  Summary s;
  ASSERT_TRUE(s.ParseFromString(out[0].data<std::string>()[0]));
  ASSERT_EQ(s.value_size(), 3);
  EXPECT_EQ(s.value(0).tag(), "a");
  EXPECT_EQ(s.value(1).tag(), "b");
  EXPECT_EQ(s.value(2).tag(), "c");
  EXPECT_EQ(s.value(2).simple_value(), 3.0f);
}

TEST(MergeSummaryOpTest, RejectsDuplicatesAndGarbage) {
  EXPECT_THAT(RunOp("MergeSummary",
                    {Tensor::Scalar<std::string>(ScalarSummaryBytes("a", 1)),
                     Tensor::Scalar<std::string>(ScalarSummaryBytes("a", 2))},
                    {{"N", MakeAttr(2)}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (MergeSummary): Duplicate tag a found")));
  EXPECT_THAT(RunOp("MergeSummary", {Tensor::Scalar<std::string>("\xff\xff\xff")},
                    {{"N", MakeAttr(1)}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Could not parse one of the summary inputs (input 0, element 0)")));
}

}  // namespace
}  // namespace rill
