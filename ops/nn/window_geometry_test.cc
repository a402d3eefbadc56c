// Tests the window geometry: attr parsing and its errors, TensorFlow's output-size arithmetic for
// VALID/SAME/EXPLICIT with strides and dilations, and the tap enumerations of the conv and pool
// loops.
#include "ops/nn/window_geometry.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::nn {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A conv node's attrs: NHWC, stride 1, dilation 1, VALID unless overridden.
AttrMap ConvAttrs(std::vector<std::pair<std::string, AttrValue>> overrides = {}) {
  AttrMap attrs;
  attrs["strides"] = MakeAttr(std::vector<int64_t>{1, 1, 1, 1});
  attrs["dilations"] = MakeAttr(std::vector<int64_t>{1, 1, 1, 1});
  attrs["padding"] = MakeAttr("VALID");
  attrs["explicit_paddings"] = MakeAttr(std::vector<int64_t>{});
  attrs["data_format"] = MakeAttr("NHWC");
  for (auto& [name, value] : overrides) attrs[name] = value;
  return attrs;
}

AttrMap PoolAttrs(std::vector<std::pair<std::string, AttrValue>> overrides = {}) {
  AttrMap attrs;
  attrs["ksize"] = MakeAttr(std::vector<int64_t>{1, 2, 2, 1});
  attrs["strides"] = MakeAttr(std::vector<int64_t>{1, 1, 1, 1});
  attrs["padding"] = MakeAttr("VALID");
  attrs["data_format"] = MakeAttr("NHWC");
  for (auto& [name, value] : overrides) attrs[name] = value;
  return attrs;
}

absl::StatusOr<WindowAttrs> Conv(std::vector<std::pair<std::string, AttrValue>> overrides) {
  const AttrMap attrs = ConvAttrs(std::move(overrides));
  return GetConvAttrs(AttrSlice(attrs, nullptr));
}

absl::StatusOr<WindowAttrs> Pool(std::vector<std::pair<std::string, AttrValue>> overrides) {
  const AttrMap attrs = PoolAttrs(std::move(overrides));
  return GetPoolAttrs(AttrSlice(attrs, nullptr));
}

AttrValue Ints(std::vector<int64_t> v) { return MakeAttr(v); }

TEST(WindowGeometryTest, ReadsConvAttrs) {
  ASSERT_OK_AND_ASSIGN(WindowAttrs w, Conv({{"strides", Ints({1, 2, 3, 1})},
                                            {"dilations", Ints({1, 4, 5, 1})},
                                            {"padding", MakeAttr("SAME")}}));
  EXPECT_THAT(w.strides, ElementsAre(2, 3));
  EXPECT_THAT(w.dilations, ElementsAre(4, 5));
  EXPECT_EQ(w.padding, Padding::kSame);
  ASSERT_OK_AND_ASSIGN(w, Conv({{"padding", MakeAttr("EXPLICIT")},
                                {"explicit_paddings", Ints({0, 0, 1, 2, 3, 4, 0, 0})}}));
  EXPECT_EQ(w.padding, Padding::kExplicit);
  EXPECT_EQ(w.explicit_pads[0][0], 1);
  EXPECT_EQ(w.explicit_pads[0][1], 2);
  EXPECT_EQ(w.explicit_pads[1][0], 3);
  EXPECT_EQ(w.explicit_pads[1][1], 4);
}

TEST(WindowGeometryTest, ConvAttrErrors) {
  EXPECT_THAT(Conv({{"data_format", MakeAttr("NCHW")}}),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("data_format NCHW is not supported (only NHWC)")));
  EXPECT_THAT(Conv({{"strides", Ints({1, 1, 1})}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("strides must have 4 elements, got 3")));
  EXPECT_THAT(Conv({{"strides", Ints({2, 1, 1, 1})}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("strides in the batch and depth dimensions must be 1, got "
                                 "[2,1,1,1]")));
  EXPECT_THAT(Conv({{"dilations", Ints({1, 0, 1, 1})}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("dilations must be positive")));
  EXPECT_THAT(Conv({{"explicit_paddings", Ints({0, 0, 1, 1, 1, 1, 0, 0})}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("explicit_paddings must be empty unless padding is EXPLICIT")));
  EXPECT_THAT(Conv({{"padding", MakeAttr("EXPLICIT")}, {"explicit_paddings", Ints({1, 1})}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must have 8 elements")));
  EXPECT_THAT(Conv({{"padding", MakeAttr("EXPLICIT")},
                    {"explicit_paddings", Ints({0, 0, -1, 0, 0, 0, 0, 0})}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("non-negative")));
  EXPECT_THAT(Conv({{"padding", MakeAttr("EXPLICIT")},
                    {"explicit_paddings", Ints({0, 0, 1, 1, 1, 1, 0, 2})}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("batch and depth dimensions must be 0")));
}

TEST(WindowGeometryTest, PoolAttrs) {
  ASSERT_OK_AND_ASSIGN(WindowAttrs w, Pool({{"ksize", Ints({1, 3, 2, 1})}}));
  EXPECT_THAT(w.ksize, ElementsAre(3, 2));
  EXPECT_THAT(w.dilations, ElementsAre(1, 1));
  EXPECT_THAT(Pool({{"ksize", Ints({1, 1, 1, 2})}}),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("across the depth")));
  EXPECT_THAT(Pool({{"ksize", Ints({2, 1, 1, 1})}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ksize in the batch and depth dimensions must be 1")));
  EXPECT_THAT(Pool({{"ksize", Ints({1, 0, 1, 1})}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ksize must be positive")));
  EXPECT_THAT(Pool({{"data_format", MakeAttr("NCHW")}}),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("NCHW")));
}

TEST(WindowGeometryTest, OutputSizesAsTensorFlow) {
  WindowAttrs w;
  w.strides = {2, 1};
  w.padding = Padding::kValid;
  // VALID: ceil((in - window + 1) / stride).
  EXPECT_THAT(WindowOutputSize(w, 0, 5, 3), HoldsValue(2));
  EXPECT_THAT(WindowOutputSize(w, 0, 6, 3), HoldsValue(2));
  EXPECT_THAT(WindowOutputSize(w, 1, 3, 3), HoldsValue(1));
  // SAME: ceil(in / stride), the smaller half of the padding first.
  w.padding = Padding::kSame;
  ASSERT_OK_AND_ASSIGN(WindowDim d, ComputeWindowDim(w, 0, 5, 3));
  EXPECT_EQ(d.output, 3);
  EXPECT_EQ(d.pad_before, 1);
  EXPECT_EQ(d.pad_after, 1);
  ASSERT_OK_AND_ASSIGN(d, ComputeWindowDim(w, 0, 4, 3));
  EXPECT_EQ(d.output, 2);
  EXPECT_EQ(d.pad_before, 0);
  EXPECT_EQ(d.pad_after, 1);
  ASSERT_OK_AND_ASSIGN(d, ComputeWindowDim(w, 1, 1, 5));  // window far wider than the input
  EXPECT_EQ(d.output, 1);
  EXPECT_EQ(d.pad_before, 2);
  EXPECT_EQ(d.pad_after, 2);
  // Dilation 2 turns a 3-tap window into an effective 5.
  w.padding = Padding::kValid;
  w.strides = {1, 1};
  w.dilations = {2, 1};
  EXPECT_THAT(WindowOutputSize(w, 0, 7, 3), HoldsValue(3));
  // EXPLICIT: (in + pads - window) / stride + 1.
  w.padding = Padding::kExplicit;
  w.dilations = {1, 1};
  w.explicit_pads = {{{1, 2}, {0, 0}}};
  ASSERT_OK_AND_ASSIGN(d, ComputeWindowDim(w, 0, 5, 3));
  EXPECT_EQ(d.output, 6);
  EXPECT_EQ(d.pad_before, 1);
  // Unknown sizes stay unknown; a window that does not fit, or an empty one, is an error.
  EXPECT_THAT(WindowOutputSize(w, 0, -1, 3), HoldsValue(-1));
  EXPECT_THAT(WindowOutputSize(w, 0, 5, -1), HoldsValue(-1));
  w.padding = Padding::kSame;
  w.strides = {2, 1};
  EXPECT_THAT(WindowOutputSize(w, 0, 5, -1), HoldsValue(3));  // SAME ignores the window
  w.padding = Padding::kValid;
  w.strides = {1, 1};
  EXPECT_THAT(ComputeWindowDim(w, 0, 3, 4), HoldsValue(::testing::Field(&WindowDim::output, 0)));
  EXPECT_THAT(ComputeWindowDim(w, 0, 2, 4),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("computed output size would be negative: -1 [input 2, "
                                 "effective window 4, stride 1]")));
  EXPECT_THAT(ComputeWindowDim(w, 0, 2, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("window size must be positive")));
}

TEST(WindowGeometryTest, OutputShape) {
  WindowAttrs w;
  w.padding = Padding::kSame;
  w.strides = {2, 2};
  EXPECT_THAT(WindowOutputShape(w, PartialShape({-1, 7, 8, 3}), 3, 3, 16),
              HoldsValue(PartialShape({-1, 4, 4, 16})));
  EXPECT_THAT(WindowOutputShape(w, PartialShape({1, -1, 8, 3}), -1, 3, 16),
              HoldsValue(PartialShape({1, -1, 4, 16})));
  EXPECT_THAT(WindowOutputShape(w, PartialShape::Unknown(), 3, 3, 5),
              HoldsValue(PartialShape({-1, -1, -1, 5})));
  EXPECT_THAT(WindowOutputShape(w, PartialShape({1, 2, 3}), 3, 3, 5),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rank 4")));
}

TEST(WindowGeometryTest, ConvDepthAndSizes) {
  EXPECT_OK(CheckConvDepth(3, 3));
  EXPECT_OK(CheckConvDepth(-1, 3));
  EXPECT_THAT(CheckConvDepth(3, 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("input depth 3 does not match filter in_depth 2")));
  EXPECT_THAT(CheckConvDepth(4, 2),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("grouped convolution")));
  EXPECT_THAT(SizesValues(MakeTensor<int32_t>({2}, {3, 4}), "input_sizes"),
              HoldsValue(ElementsAre(3, 4)));
  EXPECT_THAT(SizesValues(MakeTensor<int32_t>({2}, {3, -4}), "input_sizes"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("input_sizes has a negative dim -4 in [3,-4]")));
  EXPECT_THAT(SizesValues(MakeTensor<int32_t>({}, {3}), "input_sizes"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must be a vector")));
  Window2D w;
  w.batch = 1;
  w.out_h = 4;
  w.out_w = 4;
  EXPECT_OK(CheckOutBackprop(w, 2, TensorShape({1, 4, 4, 2})));
  EXPECT_THAT(CheckOutBackprop(w, 2, TensorShape({1, 3, 3, 2})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("out_backprop has shape [1,3,3,2] but the convolution's output "
                                 "has shape [1,4,4,2]")));
}

TEST(WindowGeometryTest, ConvTapsStayInBounds) {
  WindowAttrs attrs;
  attrs.padding = Padding::kSame;
  // 3x3 input, 2x2 filter, SAME: padding 0 before and 1 after, so the last row and column of
  // outputs see only 1 tap per dim: 5 row taps x 5 column taps.
  ASSERT_OK_AND_ASSIGN(Window2D w, MakeWindow2D(attrs, TensorShape({1, 3, 3, 1}), 2, 2));
  EXPECT_EQ(w.out_h, 3);
  EXPECT_EQ(w.pad_top, 0);
  int taps = 0;
  ForEachConvTap(w, 1, [&](int64_t i, int64_t k, int64_t o) {
    EXPECT_GE(i, 0);
    EXPECT_LT(i, 9);
    EXPECT_LT(k, 4);
    EXPECT_LT(o, 9);
    ++taps;
  });
  EXPECT_EQ(taps, 25);
  // VALID with 2 in and 3 out channels: 2x2 outputs x 4 taps x 2 x 3.
  attrs.padding = Padding::kValid;
  ASSERT_OK_AND_ASSIGN(w, MakeWindow2D(attrs, TensorShape({1, 3, 3, 2}), 2, 2));
  taps = 0;
  ForEachConvTap(w, 3, [&](int64_t, int64_t, int64_t) { ++taps; });
  EXPECT_EQ(taps, 2 * 2 * 4 * 2 * 3);
}

TEST(WindowGeometryTest, PoolWindowsSeeOnlyRealElements) {
  WindowAttrs attrs;
  attrs.padding = Padding::kSame;
  attrs.ksize = {3, 3};
  ASSERT_OK_AND_ASSIGN(Window2D w, MakeWindow2D(attrs, TensorShape({1, 3, 3, 1}), 3, 3));
  std::vector<size_t> counts;
  ForEachPoolWindow(w, [&](int64_t, const std::vector<int64_t>& taps) {
    counts.push_back(taps.size());
  });
  EXPECT_THAT(counts, ElementsAre(4, 6, 4, 6, 9, 6, 4, 6, 4));
}

TEST(WindowGeometryTest, MaxPoolWinner) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> x = {1, 5, 5, nan, 2, nan};
  EXPECT_EQ(MaxPoolWinner(x.data(), {0, 1, 2}), 1);  // first of the tied maxima
  EXPECT_EQ(MaxPoolWinner(x.data(), {0, 3, 1, 5}), 3);  // the first NaN
  EXPECT_EQ(MaxPoolWinner(x.data(), {3, 1}), 3);
  EXPECT_EQ(MaxPoolWinner(x.data(), {4}), 4);
  EXPECT_EQ(MaxPoolWinner(x.data(), {}), -1);
}

}  // namespace
}  // namespace rill::nn
