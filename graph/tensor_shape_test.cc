// Tests for PartialShape, TensorShape and BroadcastShapes.
#include "graph/tensor_shape.h"

#include <cstdint>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(PartialShapeTest, Basics) {
  PartialShape unknown;
  EXPECT_FALSE(unknown.rank_known());
  EXPECT_EQ(unknown.rank(), -1);
  EXPECT_FALSE(unknown.IsFullyDefined());
  EXPECT_EQ(unknown.DebugString(), "<unknown>");
  EXPECT_EQ(unknown, PartialShape::Unknown());

  PartialShape s = {2, -1, 3};
  EXPECT_TRUE(s.rank_known());
  EXPECT_EQ(s.rank(), 3);
  EXPECT_EQ(s.dim(1), -1);
  EXPECT_FALSE(s.IsFullyDefined());
  EXPECT_EQ(s.DebugString(), "[2,?,3]");

  EXPECT_EQ(PartialShape::Scalar().DebugString(), "[]");
  EXPECT_TRUE(PartialShape::Scalar().IsFullyDefined());
  EXPECT_EQ(PartialShape::UnknownOfRank(2), PartialShape({-1, -1}));
  EXPECT_NE(PartialShape::Scalar(), PartialShape::Unknown());
}

TEST(PartialShapeTest, ProtoRoundTrip) {
  for (const PartialShape& s : {PartialShape(), PartialShape::Scalar(), PartialShape({2, -1, 0}),
                                PartialShape({-1})}) {
    TensorShapeProto proto;
    s.ToProto(&proto);
    ASSERT_OK_AND_ASSIGN(PartialShape back, PartialShape::FromProto(proto));
    EXPECT_EQ(back, s) << s.DebugString();
  }
  TensorShapeProto unknown;
  PartialShape().ToProto(&unknown);
  EXPECT_TRUE(unknown.unknown_rank());
}

TEST(PartialShapeTest, FromProtoRejectsBadDims) {
  TensorShapeProto proto;
  proto.add_dim()->set_size(3);
  proto.add_dim()->set_size(-2);
  EXPECT_THAT(PartialShape::FromProto(proto),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dim 1 has size -2")));
  TensorShapeProto both;
  both.set_unknown_rank(true);
  both.add_dim()->set_size(1);
  EXPECT_THAT(PartialShape::FromProto(both), StatusIs(absl::StatusCode::kInvalidArgument,
                                                      HasSubstr("unknown_rank")));
}

TEST(PartialShapeTest, MergeAndCompatibility) {
  ASSERT_OK_AND_ASSIGN(PartialShape m, PartialShape({2, -1}).Merge(PartialShape({-1, 5})));
  EXPECT_EQ(m, PartialShape({2, 5}));
  ASSERT_OK_AND_ASSIGN(PartialShape u, PartialShape().Merge(PartialShape({1})));
  EXPECT_EQ(u, PartialShape({1}));
  ASSERT_OK_AND_ASSIGN(PartialShape v, PartialShape({1, -1}).Merge(PartialShape()));
  EXPECT_EQ(v, PartialShape({1, -1}));
  EXPECT_THAT(PartialShape({2, 3}).Merge(PartialShape({2, 4})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dim 1 (3 vs 4)")));
  EXPECT_THAT(PartialShape({2}).Merge(PartialShape({2, 4})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different ranks")));
  EXPECT_TRUE(PartialShape({-1, 3}).IsCompatibleWith(PartialShape({7, 3})));
  EXPECT_TRUE(PartialShape().IsCompatibleWith(PartialShape({7, 3})));
  EXPECT_FALSE(PartialShape({7, 3}).IsCompatibleWith(PartialShape({7, 4})));
  EXPECT_FALSE(PartialShape({7}).IsCompatibleWith(PartialShape::Scalar()));
}

TEST(TensorShapeTest, Basics) {
  TensorShape scalar;
  EXPECT_EQ(scalar.rank(), 0);
  EXPECT_EQ(scalar.num_elements(), 1);
  EXPECT_EQ(scalar.DebugString(), "[]");
  TensorShape s = {2, 3, 4};
  EXPECT_EQ(s.num_elements(), 24);
  EXPECT_EQ(s.dim(2), 4);
  EXPECT_EQ(s.DebugString(), "[2,3,4]");
  EXPECT_EQ(s.AsPartial(), PartialShape({2, 3, 4}));
  EXPECT_EQ(TensorShape({5, 0}).num_elements(), 0);
  EXPECT_NE(TensorShape({2, 3}), TensorShape({3, 2}));
}

TEST(TensorShapeTest, CreateRejectsNegativeAndOverflow) {
  EXPECT_THAT(TensorShape::Create({2, -1}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dimension 1 is -1")));
  const int64_t big = int64_t{1} << 40;
  EXPECT_THAT(TensorShape::Create({big, big}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("more than 2^63-1")));
  // A zero dim does not hide an overflowing product of the others.
  EXPECT_THAT(TensorShape::Create({0, big, big}), StatusIs(absl::StatusCode::kInvalidArgument,
                                                           HasSubstr("more than 2^63-1")));
  // The largest representable count is fine.
  ASSERT_OK_AND_ASSIGN(TensorShape max,
                       TensorShape::Create({std::numeric_limits<int64_t>::max()}));
  EXPECT_EQ(max.num_elements(), std::numeric_limits<int64_t>::max());
}

TEST(TensorShapeTest, FromProtoAndPartial) {
  TensorShapeProto proto;
  proto.add_dim()->set_size(4);
  proto.add_dim()->set_size(5);
  ASSERT_OK_AND_ASSIGN(TensorShape s, TensorShape::FromProto(proto));
  EXPECT_EQ(s, TensorShape({4, 5}));
  TensorShapeProto back;
  s.ToProto(&back);
  EXPECT_EQ(back.SerializeAsString(), proto.SerializeAsString());

  proto.mutable_dim(1)->set_size(-1);
  EXPECT_THAT(TensorShape::FromProto(proto), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("-1")));
  TensorShapeProto unknown;
  unknown.set_unknown_rank(true);
  EXPECT_THAT(TensorShape::FromProto(unknown),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown rank")));
  EXPECT_THAT(TensorShape::FromPartial(PartialShape({3, -1})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("[3,?]")));
  ASSERT_OK_AND_ASSIGN(TensorShape full, TensorShape::FromPartial(PartialShape({3, 1})));
  EXPECT_EQ(full, TensorShape({3, 1}));
}

TEST(BroadcastTest, NumpyRules) {
  struct Case {
    PartialShape a, b, want;
  };
  const std::vector<Case> cases = {
      {{2, 3}, {2, 3}, {2, 3}},
      {{2, 3}, {3}, {2, 3}},
      {{4, 1, 3}, {5, 1}, {4, 5, 3}},
      {PartialShape::Scalar(), {2, 2}, {2, 2}},
      {{-1, 3}, {2, 1}, {2, 3}},
      {{-1}, {-1}, {-1}},
      {{-1}, {1}, {-1}},
      {{-1}, {4}, {4}},
      {{0}, {1}, {0}},
      {PartialShape(), {2}, PartialShape()},
  };
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(PartialShape got, BroadcastShapes(c.a, c.b));
    EXPECT_EQ(got, c.want) << c.a.DebugString() << " x " << c.b.DebugString();
    ASSERT_OK_AND_ASSIGN(PartialShape flipped, BroadcastShapes(c.b, c.a));
    EXPECT_EQ(flipped, c.want) << "commuted";
  }
  EXPECT_THAT(BroadcastShapes({2, 3}, {4}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dim 3 vs 4")));
}

}  // namespace
}  // namespace rill
