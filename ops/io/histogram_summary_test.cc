// Tests HistogramSummary: shape table, the histogram it serializes (equal to io::MakeHistogram of
// the values, for float and int inputs), and NaN/infinity errors naming the tag.
#include <limits>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/summary.pb.h"
#include "gtest/gtest.h"
#include "io/histogram.h"
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

TEST(HistogramSummaryOpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("HistogramSummary", {{DT_STRING, "[]"}, {DT_FLOAT, "[?,3]"}}),
              HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferOpShapes("HistogramSummary", {{DT_STRING, "[2]"}, {DT_FLOAT, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tag")));
}

TEST(HistogramSummaryOpTest, SerializesTheHistogram) {
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunOp("HistogramSummary", {Tensor::Scalar<std::string>("w"),
                                                  MakeTensor<float>({2, 2}, {1, 2, 3, -0.5f})}));
  Summary s;
  ASSERT_TRUE(s.ParseFromString(out[0].data<std::string>()[0]));
  ASSERT_EQ(s.value_size(), 1);
  EXPECT_EQ(s.value(0).tag(), "w");
  const HistogramProto& h = s.value(0).histo();
  EXPECT_EQ(h.num(), 4);
  EXPECT_EQ(h.min(), -0.5);
  EXPECT_EQ(h.max(), 3);
  EXPECT_EQ(h.sum(), 5.5);
  ASSERT_OK_AND_ASSIGN(HistogramProto expected, io::MakeHistogram({1, 2, 3, -0.5}));
  EXPECT_EQ(h.SerializeAsString(), expected.SerializeAsString());

  ASSERT_OK_AND_ASSIGN(out, RunOp("HistogramSummary", {Tensor::Scalar<std::string>("ids"),
                                                       MakeTensor<int32_t>({3}, {7, 7, 9})}));
  ASSERT_TRUE(s.ParseFromString(out[0].data<std::string>()[0]));
  EXPECT_EQ(s.value(0).histo().num(), 3);
  EXPECT_EQ(s.value(0).histo().sum(), 23);
}

TEST(HistogramSummaryOpTest, RejectsNanAndInfinity) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_THAT(RunOp("HistogramSummary",
                    {Tensor::Scalar<std::string>("w"), MakeTensor<float>({2}, {1, nan})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (HistogramSummary): Nan in summary histogram for: w")));
  EXPECT_THAT(RunOp("HistogramSummary",
                    {Tensor::Scalar<std::string>("w"), MakeTensor<float>({1}, {inf})}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("for: w")));
}

}  // namespace
}  // namespace rill
