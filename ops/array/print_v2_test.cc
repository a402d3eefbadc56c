// Tests PrintV2: shape checks (scalar input, valid streams), what the kernel prints (through a
// captured sink), that it is stateful with no gradient, and tf.print's StringFormat -> PrintV2.
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/print_sink.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::InferShapesWithValues;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::Ph;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(PrintV2OpTest, Shapes) {
  EXPECT_THAT(InferShapesWithValues("PrintV2", {Ph(DT_STRING, "[]")}),
              testing::HoldsValue(IsEmpty()));
  EXPECT_THAT(InferShapesWithValues("PrintV2", {Ph(DT_STRING, "[2]")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (PrintV2): input must have rank 0")));
  EXPECT_THAT(
      InferShapesWithValues("PrintV2", {Ph(DT_STRING, "[]")},
                            {{"output_stream", MakeAttr("stdrr")}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Unknown output stream: stdrr")));
  EXPECT_THAT(InferShapesWithValues("PrintV2", {Ph(DT_INT32, "[]")}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 0")));
}

TEST(PrintV2OpTest, PrintsThroughTheSink) {
  ScopedPrintCapture capture;
  ASSERT_OK(RunOp("PrintV2", {MakeTensor<std::string>({}, {"hello"})}).status());
  EXPECT_EQ(capture.text(), "hello\n");
  EXPECT_EQ(capture.last_stream(), "stderr");
  ASSERT_OK(RunOp("PrintV2", {MakeTensor<std::string>({}, {"x"})},
                  {{"output_stream", MakeAttr("log(warning)")}, {"end", MakeAttr("|")}})
                .status());
  EXPECT_EQ(capture.text(), "hello\nx|");
  EXPECT_EQ(capture.last_stream(), "log(warning)");
}

TEST(PrintV2OpTest, IsStatefulWithoutGradient) {
  const OpRegistration* op = OpRegistry::Global()->Find("PrintV2");
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(op->is_stateful());
  EXPECT_TRUE(op->no_gradient);
  EXPECT_EQ(op->def.output_arg_size(), 0);
}

TEST(PrintV2OpTest, TfPrintGraphPrintsEveryRun) {
  // tf.print("x:", x) builds StringFormat -> PrintV2; the Identity runs after the print.
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_INT32, {.shape = {-1}});
  Output text = ops::StringFormat(root, {x}, {.template_text = "x: {}", .placeholder = "{}"});
  Operation print = ops::PrintV2(root, text, {.output_stream = "stdout"});
  Output y = ops::Identity(root.WithOpName("y").WithControlDependencies({print}), x);
  ASSERT_OK(root.status());
  ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(graph));
  ScopedPrintCapture capture;
  ASSERT_OK(interpreter->Run({{"x", MakeTensor<int32_t>({2}, {1, 2})}}, {"y"}).status());
  ASSERT_OK(interpreter->Run({{"x", MakeTensor<int32_t>({1}, {3})}}, {"y"}).status());
  EXPECT_EQ(capture.text(), "x: [1 2]\nx: [3]\n");
  EXPECT_EQ(capture.last_stream(), "stdout");
}

}  // namespace
}  // namespace rill
