// Compiled Softmax, LogSoftmax and the softmax cross entropies (sparse and dense; call kernels of
// the row routines) vs the reference kernels: bitwise, over thread counts, with NaN and Inf,
// broadcasts, empty batches, and the reference kernels' error messages.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/codegen/call_lowering.h"
#include "compiler/codegen/call_lowering_test_util.h"
#include "compiler/compile.h"
#include "compiler/interpreter/expand_composites.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/op_registry.h"
#include "ops/random_ops.h"
#include "ops/testing/tensor_test_util.h"

// In the helpers' namespace (call_lowering_test_util.h).
namespace rill::compiler::call_test {
namespace {

using ::rill::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

GraphCase XentGraph(DataType dtype, DataType label_dtype, int64_t batch, int64_t classes,
                    const Tensor& labels) {
  Scope root = Scope::NewRootScope();
  const TensorShape fs({batch, classes}), ls({batch});
  Output f = ops::Placeholder(root.WithOpName("f"), dtype, {.shape = fs.AsPartial()});
  Output l = ops::Placeholder(root.WithOpName("l"), label_dtype, {.shape = ls.AsPartial()});
  ops::SparseSoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), f, l);
  GraphCase s;
  absl::StatusOr<GraphDef> g = root.ToGraphDef();
  EXPECT_OK(g.status());
  if (g.ok()) s.graph = *std::move(g);
  s.feeds = {{"f", dtype, fs}, {"l", label_dtype, ls}};
  s.values = {rill::testing::RandomTensor(dtype, fs, 5), labels};
  s.fetches = {"xent:0", "xent:1"};
  return s;
}

TEST(SoftmaxCallLoweringTest, SparseSoftmaxCrossEntropyIsOneNativeKernelBitwise) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    for (DataType label_dtype : {DT_INT32, DT_INT64}) {
      for (auto [batch, classes] : {std::pair<int64_t, int64_t>{1, 1}, {7, 17}, {1023, 10}}) {
        SCOPED_TRACE(absl::StrCat(DataTypeString(dtype), " ", DataTypeString(label_dtype), " [",
                                  batch, ",", classes, "]"));
        const GraphCase s =
            XentGraph(dtype, label_dtype, batch, classes, Labels(label_dtype, batch, classes));
        for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/false);
      }
    }
  }
}

TEST(SoftmaxCallLoweringTest, SparseSoftmaxCrossEntropyPropagatesNanAndInf) {
  GraphCase s = XentGraph(DT_FLOAT, DT_INT32, 4, 3, Labels(DT_INT32, 4, 3));
  const float inf = std::numeric_limits<float>::infinity();
  s.values[0] = *Tensor::FromVector<float>(
      {1, 2, 3, std::nanf(""), 0, 1, inf, 0, -0.0f, -inf, -inf, 5}, TensorShape({4, 3}));
  ExpectBitwiseOverSteps(s, 1, /*changes=*/false);
}

TEST(SoftmaxCallLoweringTest, SparseSoftmaxCrossEntropyEmptyBatchRunsNatively) {
  const GraphCase s = XentGraph(DT_FLOAT, DT_INT64, 0, 5, Vec<int64_t>({}));
  ExpectBitwiseOverSteps(s, 1, /*changes=*/false);
}

TEST(SoftmaxCallLoweringTest, SparseSoftmaxCrossEntropyLabelOutOfRangeIsTheReferenceError) {
  for (int64_t bad : {-1, 5}) {
    Tensor labels = Vec<int64_t>({0, 4, bad, 1});
    const GraphCase s = XentGraph(DT_FLOAT, DT_INT64, 4, 5, labels);
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                         Compile(s.graph, {s.feeds, s.fetches, {}}, {}));
    EXPECT_THAT(exe->compiled_nodes(), Contains("xent"));
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(s.graph));
    absl::StatusOr<std::vector<Tensor>> want =
        ref->Run({{"f", s.values[0]}, {"l", labels}}, s.fetches);
    ASSERT_THAT(want.status(),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(absl::StrCat("node 'xent' (SparseSoftmaxCrossEntropyWithLogits)"
                                                ": label ",
                                                bad,
                                                " at index 2 is outside the "
                                                "valid range [0, 5)"))));
    EXPECT_THAT(exe->Run(s.values, 0).status(),
                StatusIs(absl::StatusCode::kInvalidArgument, want.status().message()));
    EXPECT_THAT(exe->last_run_stats().reference_nodes, IsEmpty());
  }
}

// Softmax ("Softmax"/"LogSoftmax", fetch "y") or the dense cross entropy ("xent", fetches
// "xent:0", "xent:1") of random logits with NaN, +-Inf and -0.0 in row 0 when it has 4 entries.
GraphCase DenseGraph(const std::string& op, DataType dtype, const TensorShape& fs,
                     const TensorShape& ls = TensorShape()) {
  Scope root = Scope::NewRootScope();
  Output f = ops::Placeholder(root.WithOpName("f"), dtype, {.shape = fs.AsPartial()});
  GraphCase s;
  Tensor features = rill::testing::RandomTensor(dtype, fs, 5, -10, 10);
  if (fs.num_elements() >= 8) {
    const double inf = std::numeric_limits<double>::infinity();
    const double special[] = {std::nan(""), inf, -inf, -0.0};
    for (int i = 0; i < 4; ++i) {
      // Row 0 gets a NaN, the next entries an Inf, -Inf and -0.0 (wherever they land).
      const int64_t at = i == 0 ? 0 : fs.num_elements() - i;
      if (dtype == DT_FLOAT) {
        features.data<float>()[at] = static_cast<float>(special[i]);
      } else {
        features.data<double>()[at] = special[i];
      }
    }
  }
  s.feeds = {{"f", dtype, fs}};
  s.values = {features};
  if (op == "xent") {
    Output l = ops::Placeholder(root.WithOpName("l"), dtype, {.shape = ls.AsPartial()});
    ops::SoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), f, l);
    s.feeds.push_back({"l", dtype, ls});
    s.values.push_back(rill::testing::RandomTensor(dtype, ls, 6, 0, 1));
    s.fetches = {"xent:0", "xent:1"};
  } else {
    if (op == "Softmax") {
      ops::Softmax(root.WithOpName("y"), f);
    } else {
      ops::LogSoftmax(root.WithOpName("y"), f);
    }
    s.fetches = {"y"};
  }
  absl::StatusOr<GraphDef> g = root.ToGraphDef();
  EXPECT_OK(g.status());
  if (g.ok()) s.graph = *std::move(g);
  return s;
}

TEST(SoftmaxCallLoweringTest, SoftmaxAndLogSoftmaxAreOneNativeKernelBitwise) {
  for (const std::string op : {"Softmax", "LogSoftmax"}) {
    for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
      for (const TensorShape& shape :
           {TensorShape({1, 1}), TensorShape({7, 17}), TensorShape({1023, 7}),
            TensorShape({5, 1023}), TensorShape({2, 3, 17}), TensorShape({9}), TensorShape({0, 4}),
            TensorShape({3, 0})}) {
        SCOPED_TRACE(absl::StrCat(op, " ", DataTypeString(dtype), " ", shape.DebugString()));
        const GraphCase s = DenseGraph(op, dtype, shape);
        for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/false);
      }
    }
  }
}

TEST(SoftmaxCallLoweringTest, SoftmaxCrossEntropyIsOneNativeKernelBitwise) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    for (const TensorShape& shape :
         {TensorShape({1, 1}), TensorShape({7, 17}), TensorShape({1023, 10}),
          TensorShape({5, 1023}), TensorShape({0, 5})}) {
      SCOPED_TRACE(absl::StrCat(DataTypeString(dtype), " ", shape.DebugString()));
      const GraphCase s = DenseGraph("xent", dtype, shape, shape);
      for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/false);
    }
  }
}

TEST(SoftmaxCallLoweringTest, SoftmaxCrossEntropyBroadcastsNatively) {
  const std::vector<std::pair<TensorShape, TensorShape>> shapes = {
      {TensorShape({300, 7}), TensorShape({7})},
      {TensorShape({300, 7}), TensorShape({300, 1})},
      {TensorShape({1, 7}), TensorShape({300, 7})},
      {TensorShape({7}), TensorShape({300, 7})},
      {TensorShape({300, 1}), TensorShape({300, 7})},
      {TensorShape({300, 7}), TensorShape()},
  };
  for (const auto& [fs, ls] : shapes) {
    SCOPED_TRACE(absl::StrCat(fs.DebugString(), " ", ls.DebugString()));
    const GraphCase s = DenseGraph("xent", DT_FLOAT, fs, ls);
    for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/false);
  }
}

TEST(SoftmaxCallLoweringTest, OpsTheCompilerKeepsWholeHaveACallLowering) {
  int whole = 0;
  for (const OpRegistration* op : OpRegistry::Global()->List()) {
    if (!CompilerKeepsWhole(op->name())) continue;
    ++whole;
    EXPECT_TRUE(codegen::HasCallLowering(op->name())) << op->name();
    EXPECT_TRUE(op->reference_kernel != nullptr) << op->name();
  }
  EXPECT_EQ(whole, 3);
}

}  // namespace
}  // namespace rill::compiler::call_test
