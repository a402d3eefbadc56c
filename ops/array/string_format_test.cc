// Tests StringFormat: placeholder counting, TensorFlow's print_v2 summary layout (nesting,
// "..." with summarize, every dtype), and no gradient.
#include <cstdint>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::InferShapesWithValues;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Runs StringFormat on `inputs` and returns the formatted string (or "<error>").
std::string Format(const std::vector<Tensor>& inputs, const std::string& text,
                   int64_t summarize = 3) {
  std::vector<DataType> types;
  for (const Tensor& t : inputs) types.push_back(t.dtype());
  const OpAttrs attrs = {{"T", MakeAttr(types)},
                         {"template", MakeAttr(text)},
                         {"placeholder", MakeAttr("{}")},
                         {"summarize", MakeAttr(summarize)}};
  absl::StatusOr<std::vector<Tensor>> out = RunOp("StringFormat", inputs, attrs);
  if (!out.ok()) return "<error: " + std::string(out.status().message()) + ">";
  return (*out)[0].data<std::string>()[0];
}

TEST(StringFormatOpTest, Shapes) {
  EXPECT_THAT(InferShapesWithValues("StringFormat", {Ph(DT_FLOAT, "[2]"), Ph(DT_INT32, "?")},
                                    {{"T", MakeAttr(std::vector<DataType>{DT_FLOAT, DT_INT32})},
                                     {"template", MakeAttr("a=%s b=%s")}}),
              HoldsValue(ElementsAre("[]")));
  EXPECT_THAT(InferShapesWithValues("StringFormat", {Ph(DT_FLOAT, "[2]")},
                                    {{"T", MakeAttr(std::vector<DataType>{DT_FLOAT})},
                                     {"template", MakeAttr("none")}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (StringFormat): num placeholders in template and num "
                                 "inputs must match: 0 vs. 1")));
}

TEST(StringFormatOpTest, SummaryLayout) {
  EXPECT_EQ(Format({MakeTensor<int32_t>({}, {7})}, "v={}"), "v=7");
  EXPECT_EQ(Format({MakeTensor<int32_t>({3}, {1, 2, 3})}, "{}"), "[1 2 3]");
  EXPECT_EQ(Format({MakeTensor<float>({2, 2}, {1.5f, 2, 3, 4})}, "{}"), "[[1.5 2]\n [3 4]]");
  EXPECT_EQ(Format({MakeTensor<int64_t>({2, 1, 2}, {1, 2, 3, 4})}, "{}"), "[[[1 2]]\n\n [[3 4]]]");
  EXPECT_EQ(Format({MakeTensor<int32_t>({8}, {0, 1, 2, 3, 4, 5, 6, 7})}, "{}"),
            "[0 1 2 ... 5 6 7]");
  EXPECT_EQ(Format({MakeTensor<int32_t>({8}, {0, 1, 2, 3, 4, 5, 6, 7})}, "{}", 1), "[0 ... 7]");
  EXPECT_EQ(Format({MakeTensor<int32_t>({8}, {0, 1, 2, 3, 4, 5, 6, 7})}, "{}", -1),
            "[0 1 2 3 4 5 6 7]");
  EXPECT_EQ(Format({MakeTensor<double>({0}, {})}, "{}"), "[]");
  EXPECT_EQ(Format({MakeTensor<bool>({2}, {true, false}), MakeTensor<uint8_t>({1}, {200}),
                    MakeTensor<std::string>({1}, {"a\"b"})},
                   "{}|{}|{}"),
            "[True False]|[200]|[\"a\\\"b\"]");
}

TEST(StringFormatOpTest, HasNoGradientAndBuildsWithoutInputs) {
  EXPECT_TRUE(OpRegistry::Global()->Find("StringFormat")->no_gradient);
  Scope root = Scope::NewRootScope();
  Output s = ops::StringFormat(root, {}, {.template_text = "just text"});
  ASSERT_OK(root.status());
  EXPECT_EQ(s.dtype(), DT_STRING);
  EXPECT_EQ(s.shape().DebugString(), "[]");
}

}  // namespace
}  // namespace rill
