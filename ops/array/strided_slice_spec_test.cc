// Tests ComputeStridedSlice directly: dense expansion of ellipses and new axes, canonical bounds,
// shapes with unknown dims and values (TensorFlow's quirks included), and the mask reader.
#include "ops/array/strided_slice_spec.h"

#include <cstdint>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/attr_value.pb.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(StridedSliceSpecTest, CanonicalBoundsAndShapes) {
  // x[1:, ::-1] on [4,5]: begin 1..4 forward; the reversed dim runs from 4 down past 0 (-1).
  const std::vector<int64_t> begin = {1, 0}, end = {0, 0}, strides = {1, -1};
  ASSERT_OK_AND_ASSIGN(
      StridedSliceDense d,
      ComputeStridedSlice(&begin, &end, strides, PartialShape({4, 5}), {.begin = 2, .end = 3}));
  EXPECT_THAT(d.begin, ElementsAre(1, 4));
  EXPECT_THAT(d.end, ElementsAre(4, -1));
  EXPECT_EQ(d.processing_shape.DebugString(), "[3,5]");
  EXPECT_EQ(d.final_shape.DebugString(), "[3,5]");
}

TEST(StridedSliceSpecTest, EllipsisAndNewAxesExpand) {
  // x[tf.newaxis, ..., 2, tf.newaxis] on [2,3,4]: new, all, all, shrink, new.
  const std::vector<int64_t> begin = {0, 0, 2, 0}, end = {0, 0, 3, 0}, strides = {1, 1, 1, 1};
  ASSERT_OK_AND_ASSIGN(StridedSliceDense d,
                       ComputeStridedSlice(&begin, &end, strides, PartialShape({2, 3, 4}),
                                           {.ellipsis = 2, .new_axis = 9, .shrink_axis = 4}));
  EXPECT_EQ(d.processing_shape.DebugString(), "[2,3,1]");
  EXPECT_EQ(d.final_shape.DebugString(), "[1,2,3,1]");
  EXPECT_THAT(d.begin, ElementsAre(0, 0, 2));
}

TEST(StridedSliceSpecTest, UnknownValuesAndDims) {
  const std::vector<int64_t> strides = {1, 2, -1};
  // No begin/end values: only fully masked dims (or shrunk ones) are known.
  ASSERT_OK_AND_ASSIGN(StridedSliceDense d,
                       ComputeStridedSlice(nullptr, nullptr, strides, PartialShape({4, 5, 6}),
                                           {.begin = 6, .end = 6}));
  EXPECT_EQ(d.final_shape.DebugString(), "[?,3,6]");
  // Unknown input dims stay unknown unless shrunk.
  const std::vector<int64_t> begin = {0, 0, 0}, end = {1, 2, 3};
  ASSERT_OK_AND_ASSIGN(d, ComputeStridedSlice(&begin, &end, {1, 1, 1}, PartialShape({-1, -1, 3}),
                                              {.shrink_axis = 1}));
  EXPECT_EQ(d.final_shape.DebugString(), "[?,3]");
  // TensorFlow's quirk: a masked dim of size 0 without begin/end values is reported unknown.
  ASSERT_OK_AND_ASSIGN(
      d, ComputeStridedSlice(nullptr, nullptr, {1}, PartialShape({0}), {.begin = 1, .end = 1}));
  EXPECT_EQ(d.final_shape.DebugString(), "[?]");
}

TEST(StridedSliceSpecTest, Errors) {
  const std::vector<int64_t> one = {1};
  EXPECT_THAT(ComputeStridedSlice(&one, &one, {1, 1}, PartialShape({3}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Expected begin, end, and strides to be 1D equal size")));
  const std::vector<int64_t> many(32, 0);
  EXPECT_THAT(ComputeStridedSlice(&many, &many, std::vector<int64_t>(32, 1), PartialShape({3}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at most 31")));
  EXPECT_THAT(
      ComputeStridedSlice(&one, &one, {0}, PartialShape({3}), {}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("strides[0] must be non-zero")));
}

TEST(StridedSliceSpecTest, ReadsMasksLikeInt32) {
  google::protobuf::Map<std::string, AttrValue> attrs;
  attrs["begin_mask"].set_i(-1);
  attrs["end_mask"].set_i(5);
  attrs["ellipsis_mask"].set_i(0);
  attrs["new_axis_mask"].set_i(0);
  attrs["shrink_axis_mask"].set_i(0);
  ASSERT_OK_AND_ASSIGN(StridedSliceMasks m, ReadStridedSliceMasks(AttrSlice(attrs, nullptr)));
  EXPECT_EQ(m.begin, 0xffffffffu);
  EXPECT_EQ(m.end, 5u);
  attrs["end_mask"].set_i(int64_t{1} << 40);
  EXPECT_THAT(ReadStridedSliceMasks(AttrSlice(attrs, nullptr)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not fit int32")));
}

}  // namespace
}  // namespace rill
