// Tests tensor-name parsing ("node", "node:port", "^node") and node-name rules.
#include "graph/tensor_id.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ParseTensorNameTest, PlainPortAndControl) {
  ASSERT_OK_AND_ASSIGN(TensorId a, ParseTensorName("dense/MatMul"));
  EXPECT_EQ(a, (TensorId{"dense/MatMul", 0}));
  ASSERT_OK_AND_ASSIGN(TensorId b, ParseTensorName("split:2"));
  EXPECT_EQ(b, (TensorId{"split", 2}));
  ASSERT_OK_AND_ASSIGN(TensorId c, ParseTensorName("^init"));
  EXPECT_TRUE(c.IsControl());
  EXPECT_EQ(c.node, "init");
}

TEST(ParseTensorNameTest, ToStringIsCanonical) {
  EXPECT_EQ((TensorId{"a", 0}).ToString(), "a");
  EXPECT_EQ((TensorId{"a", 3}).ToString(), "a:3");
  EXPECT_EQ((TensorId{"a", kControlSlot}).ToString(), "^a");
}

TEST(ParseTensorNameTest, RejectsMalformedNames) {
  EXPECT_THAT(ParseTensorName(""), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(ParseTensorName("^"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(ParseTensorName(":1"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(ParseTensorName("a:"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("port")));
  EXPECT_THAT(ParseTensorName("a:x"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a non-negative")));
  EXPECT_THAT(ParseTensorName("a:-1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a non-negative")));
  EXPECT_THAT(ParseTensorName("a:99999999999"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("port")));
  EXPECT_THAT(ParseTensorName("^a:1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control input")));
}

TEST(ValidateNodeNameTest, FollowsTensorFlowRule) {
  EXPECT_OK(ValidateNodeName("conv1/weights"));
  EXPECT_OK(ValidateNodeName(".hidden-1>x_2"));
  EXPECT_OK(ValidateNodeName("0"));
  EXPECT_THAT(ValidateNodeName(""), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(ValidateNodeName("_x"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("start")));
  EXPECT_THAT(ValidateNodeName("a:1"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("':'")));
  EXPECT_THAT(ValidateNodeName("a b"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("' '")));
}

}  // namespace
}  // namespace rill
