// Tests the window-op attr plumbing: list(int) AttrValues, reading a node's attrs back as
// builder arguments (defaults included), and the conv-family builder.
#include "ops/nn/nn_attr_util.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/testing/op_runner.h"

namespace rill::nn {
namespace {

using ::rill::testing::MakeAttr;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(NnAttrUtilTest, IntListAttr) {
  AttrValue v = IntListAttr({1, -2, 3});
  ASSERT_TRUE(v.has_list());
  EXPECT_THAT(v.list().i(), ElementsAre(1, -2, 3));
  EXPECT_TRUE(IntListAttr({}).has_list());
}

TEST(NnAttrUtilTest, ConvArgs) {
  AttrMap attrs;
  attrs["strides"] = IntListAttr({1, 2, 2, 1});
  attrs["padding"] = MakeAttr("EXPLICIT");
  attrs["dilations"] = IntListAttr({1, 1, 3, 1});
  attrs["explicit_paddings"] = IntListAttr({0, 0, 1, 1, 2, 2, 0, 0});
  attrs["data_format"] = MakeAttr("NHWC");
  attrs["use_cudnn_on_gpu"] = MakeAttr(false);
  ASSERT_OK_AND_ASSIGN(ConvArgs args, GetConvArgs(AttrSlice(attrs, nullptr)));
  EXPECT_THAT(args.strides, ElementsAre(1, 2, 2, 1));
  EXPECT_EQ(args.padding, "EXPLICIT");
  EXPECT_THAT(args.attrs.dilations, ElementsAre(1, 1, 3, 1));
  EXPECT_THAT(args.attrs.explicit_paddings, ElementsAre(0, 0, 1, 1, 2, 2, 0, 0));
  EXPECT_EQ(args.attrs.data_format, "NHWC");
  EXPECT_FALSE(args.attrs.use_cudnn_on_gpu);
  attrs.erase("strides");
  EXPECT_THAT(GetConvArgs(AttrSlice(attrs, nullptr)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("strides")));
}

TEST(NnAttrUtilTest, PoolArgsWithAndWithoutExplicitPaddings) {
  AttrMap attrs;
  attrs["ksize"] = IntListAttr({1, 3, 3, 1});
  attrs["strides"] = IntListAttr({1, 2, 2, 1});
  attrs["padding"] = MakeAttr("SAME");
  attrs["data_format"] = MakeAttr("NHWC");
  ASSERT_OK_AND_ASSIGN(PoolArgs args, GetPoolArgs(AttrSlice(attrs, nullptr)));
  EXPECT_THAT(args.ksize, ElementsAre(1, 3, 3, 1));
  EXPECT_THAT(args.strides, ElementsAre(1, 2, 2, 1));
  EXPECT_EQ(args.padding, "SAME");
  EXPECT_THAT(args.explicit_paddings, IsEmpty());  // AvgPool has no such attr
  attrs["explicit_paddings"] = IntListAttr({0, 0, 1, 0, 0, 1, 0, 0});
  ASSERT_OK_AND_ASSIGN(args, GetPoolArgs(AttrSlice(attrs, nullptr)));
  EXPECT_THAT(args.explicit_paddings, ElementsAre(0, 0, 1, 0, 0, 1, 0, 0));
}

TEST(NnAttrUtilTest, BuildConvOpSetsEveryConvAttr) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {1, 5, 5, 2}});
  Output k = ops::Placeholder(root, DT_FLOAT, {.shape = {3, 3, 2, 4}});
  const ops::Conv2DAttrs attrs = {.dilations = {1, 2, 1, 1},
                                  .explicit_paddings = {0, 0, 1, 1, 2, 2, 0, 0},
                                  .data_format = "NHWC",
                                  .use_cudnn_on_gpu = false};
  Output y = BuildConvOp(root, "Conv2D", {x, k}, {1, 1, 2, 1}, "EXPLICIT", attrs);
  ASSERT_OK(root.status());
  EXPECT_EQ(y.node()->op(), "Conv2D");
  EXPECT_EQ(y.node()->num_data_inputs(), 2);
  // What the gradients read back is exactly what was built.
  ASSERT_OK_AND_ASSIGN(ConvArgs args, GetConvArgs(AttrSlice(y.node()->attrs(), nullptr)));
  EXPECT_THAT(args.strides, ElementsAre(1, 1, 2, 1));
  EXPECT_EQ(args.padding, "EXPLICIT");
  EXPECT_THAT(args.attrs.dilations, ElementsAre(1, 2, 1, 1));
  EXPECT_THAT(args.attrs.explicit_paddings, ElementsAre(0, 0, 1, 1, 2, 2, 0, 0));
  EXPECT_EQ(args.attrs.data_format, "NHWC");
  EXPECT_FALSE(args.attrs.use_cudnn_on_gpu);
  // Errors (here a wrong input count) go to the scope.
  BuildConvOp(root, "Conv2D", {x}, {1, 1, 1, 1}, "VALID", {});
  EXPECT_FALSE(root.status().ok());
}

}  // namespace
}  // namespace rill::nn
