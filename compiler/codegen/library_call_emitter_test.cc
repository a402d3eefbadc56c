// The random ops, the softmax cross entropies, Softmax and LogSoftmax compile to kernels that call
// the library entry points (library_calls.h), run natively, and give bitwise the reference
// executor's values: the same Philox streams over several steps, graph seeds and op seeds, on 1
// and 2 threads; both outputs of the fused softmax cross entropies (dense with broadcasting); the
// reference kernels' error messages.
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/codegen/library_call_emitter.h"
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

namespace rill::compiler {
namespace {

// A 1-D tensor of `values`.
template <typename T>
Tensor Vec(const std::vector<T>& values) {
  return *Tensor::FromVector<T>(values, TensorShape({static_cast<int64_t>(values.size())}));
}

using ::rill::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

struct GraphCase {
  GraphDef graph;
  std::vector<FeedSpec> feeds;
  std::vector<Tensor> values;
  std::vector<std::string> fetches;
  std::optional<int64_t> graph_seed;
};

// Runs the fetches compiled (`threads` threads) and on the reference executor at steps 0..3 and
// expects bitwise equal values, every fetched node compiled and run natively, and values that
// change from step to step where `changes` (the random ops).
void ExpectBitwiseOverSteps(const GraphCase& s, int threads, bool changes) {
  CompileOptions options;
  options.num_threads = threads;
  options.graph_seed = s.graph_seed;
  std::string ir;
  options.dump_after = {"llvm"};
  options.dump = [&](absl::string_view stage, absl::string_view text) {
    if (stage == "before-opt") ir = std::string(text);
  };
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                       Compile(s.graph, {s.feeds, s.fetches, {}}, options));
  InterpreterOptions ref_options;
  ref_options.graph_seed = s.graph_seed;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(s.graph, ref_options));
  std::vector<Feed> named;
  for (size_t i = 0; i < s.feeds.size(); ++i) named.emplace_back(s.feeds[i].name, s.values[i]);
  std::vector<Tensor> previous;
  bool any_elements = false;
  for (int64_t step = 0; step < 4; ++step) {
    SCOPED_TRACE(absl::StrCat("step ", step, ", threads ", threads));
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, exe->Run(s.values, step));
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->RunAtStep(step, named, s.fetches));
    ASSERT_EQ(got.size(), want.size());
    for (size_t f = 0; f < got.size(); ++f) {
      const std::string node = s.fetches[f].substr(0, s.fetches[f].find(':'));
      EXPECT_THAT(exe->compiled_nodes(), Contains(node));
      EXPECT_THAT(exe->last_run_stats().reference_nodes, Not(Contains(node)));
      EXPECT_TRUE(got[f].BitwiseEqual(want[f]))
          << s.fetches[f] << "\ncompiled:  " << got[f].DebugString()
          << "\nreference: " << want[f].DebugString();
      any_elements |= got[f].num_elements() > 0;
      if (changes && !previous.empty() && got[f].num_elements() > 0) {
        EXPECT_FALSE(got[f].BitwiseEqual(previous[f])) << s.fetches[f] << " did not change";
      }
    }
    previous = got;
  }
  // An empty output needs no call at all.
  if (any_elements) {
    EXPECT_THAT(ir, HasSubstr("@rill_rt_"));
  }
}

GraphCase RandomGraph(int64_t seed, int64_t seed2, std::optional<int64_t> graph_seed,
                  std::vector<int64_t> dims) {
  Scope root = Scope::NewRootScope();
  Output shape = ops::Const(root.WithOpName("shape"), Vec<int64_t>(dims));
  const ops::RandomAttrs attrs{seed, seed2};
  ops::RandomUniform(root.WithOpName("uniform"), shape, DT_FLOAT, attrs);
  ops::RandomUniform(root.WithOpName("uniform64"), shape, DT_DOUBLE, attrs);
  ops::RandomStandardNormal(root.WithOpName("normal"), shape, DT_FLOAT, attrs);
  ops::RandomStandardNormal(root.WithOpName("normal64"), shape, DT_DOUBLE, attrs);
  ops::TruncatedNormal(root.WithOpName("truncated"), shape, DT_FLOAT, attrs);
  ops::TruncatedNormal(root.WithOpName("truncated64"), shape, DT_DOUBLE, attrs);
  ops::RandomUniformInt(root.WithOpName("int32"), shape, ops::Const(root, int32_t{-5}),
                        ops::Const(root, int32_t{1000}), attrs);
  ops::RandomUniformInt(root.WithOpName("int64"), shape, ops::Const(root, int64_t{-7}),
                        ops::Const(root, int64_t{1} << 40), attrs);
  GraphCase s;
  absl::StatusOr<GraphDef> g = root.ToGraphDef();
  EXPECT_OK(g.status());
  if (g.ok()) s.graph = *std::move(g);
  s.fetches = {"uniform", "uniform64", "normal", "normal64", "truncated", "truncated64",
               "int32",   "int64"};
  s.graph_seed = graph_seed;
  return s;
}

TEST(LibraryCallCodegenTest, RandomOpsMatchTheReferenceStreamsBitwise) {
  struct Case {
    int64_t seed, seed2;
    std::optional<int64_t> graph_seed;
  };
  for (const Case& c : {Case{0, 0, 7}, Case{0, 0, -3}, Case{42, 0, std::nullopt},
                        Case{0, 9, std::nullopt}, Case{123456789012, 77, 5}}) {
    SCOPED_TRACE(absl::StrCat("seed ", c.seed, " seed2 ", c.seed2, " graph seed ",
                              c.graph_seed.value_or(-999)));
    // 1023 elements: not a multiple of the 4-word groups; [3, 7, 1] a small odd one.
    for (const std::vector<int64_t>& dims : {std::vector<int64_t>{1023}, {3, 7, 1}}) {
      const GraphCase s = RandomGraph(c.seed, c.seed2, c.graph_seed, dims);
      for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/true);
    }
  }
}

TEST(LibraryCallCodegenTest, LargeRandomOutputsSplitOverThreadsBitwise) {
  // Large enough for the entry points to split the fill over the pool's threads.
  const GraphCase s = RandomGraph(0, 0, 11, {3, 10007});
  for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/true);
}

TEST(LibraryCallCodegenTest, EmptyRandomOutputsAndEmptyIntRangeRunNatively) {
  // An empty output needs no valid range (as in the reference kernel).
  Scope root = Scope::NewRootScope();
  Output shape = ops::Const(root.WithOpName("shape"), Vec<int64_t>({0, 4}));
  ops::RandomUniform(root.WithOpName("uniform"), shape, DT_FLOAT, {1, 2});
  ops::RandomUniformInt(root.WithOpName("int"), shape, ops::Const(root, 5), ops::Const(root, 5),
                        {1, 2});
  GraphCase s;
  ASSERT_OK_AND_ASSIGN(s.graph, root.ToGraphDef());
  s.fetches = {"uniform", "int"};
  ExpectBitwiseOverSteps(s, 1, /*changes=*/false);
}

TEST(LibraryCallCodegenTest, RandomUniformIntEmptyRangeIsTheReferenceError) {
  Scope root = Scope::NewRootScope();
  Output shape = ops::Const(root.WithOpName("shape"), Vec<int32_t>({4}));
  Output lo = ops::Placeholder(root.WithOpName("lo"), DT_INT32, {.shape = PartialShape({})});
  ops::RandomUniformInt(root.WithOpName("r"), shape, lo, ops::Const(root, 3), {1, 2});
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                       Compile(g, {{{"lo", DT_INT32, TensorShape({})}}, {"r"}, {}}, {}));
  EXPECT_THAT(exe->compiled_nodes(), Contains("r"));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(g));
  const Tensor bad = Tensor::Scalar<int32_t>(7);
  absl::StatusOr<std::vector<Tensor>> want = ref->Run({{"lo", bad}}, {"r"});
  ASSERT_THAT(want.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("need minval < maxval: 7 >= 3")));
  EXPECT_THAT(exe->Run({bad}, 0).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, want.status().message()));
  EXPECT_THAT(exe->last_run_stats().reference_nodes, Not(Contains("r")));
  // A valid bound then runs fine on the same executable.
  EXPECT_OK(exe->Run({Tensor::Scalar<int32_t>(-2)}, 1).status());
}

TEST(LibraryCallCodegenTest, RandomShapeFromAFeedStaysOnTheReferenceKernel) {
  Scope root = Scope::NewRootScope();
  Output shape = ops::Placeholder(root.WithOpName("shape"), DT_INT32, {.shape = PartialShape({2})});
  ops::RandomUniform(root.WithOpName("r"), shape, DT_FLOAT, {1, 2});
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                       Compile(g, {{{"shape", DT_INT32, TensorShape({2})}}, {"r"}, {}}, {}));
  EXPECT_THAT(exe->compiled_nodes(), Not(Contains("r")));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got,
                       exe->Run({Vec<int32_t>({2, 3})}, 0));
  EXPECT_EQ(got[0].shape(), TensorShape({2, 3}));
}

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

// Labels b * 7 % classes as `dtype`.
Tensor Labels(DataType dtype, int64_t batch, int64_t classes) {
  std::vector<int64_t> v;
  for (int64_t b = 0; b < batch; ++b) v.push_back(b * 7 % classes);
  if (dtype == DT_INT64) return Vec<int64_t>(v);
  return Vec<int32_t>(std::vector<int32_t>(v.begin(), v.end()));
}

TEST(LibraryCallCodegenTest, SparseSoftmaxCrossEntropyIsOneNativeKernelBitwise) {
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

TEST(LibraryCallCodegenTest, SparseSoftmaxCrossEntropyPropagatesNanAndInf) {
  GraphCase s = XentGraph(DT_FLOAT, DT_INT32, 4, 3, Labels(DT_INT32, 4, 3));
  const float inf = std::numeric_limits<float>::infinity();
  s.values[0] = *Tensor::FromVector<float>(
      {1, 2, 3, std::nanf(""), 0, 1, inf, 0, -0.0f, -inf, -inf, 5}, TensorShape({4, 3}));
  ExpectBitwiseOverSteps(s, 1, /*changes=*/false);
}

TEST(LibraryCallCodegenTest, SparseSoftmaxCrossEntropyEmptyBatchRunsNatively) {
  const GraphCase s = XentGraph(DT_FLOAT, DT_INT64, 0, 5, Vec<int64_t>({}));
  ExpectBitwiseOverSteps(s, 1, /*changes=*/false);
}

TEST(LibraryCallCodegenTest, SparseSoftmaxCrossEntropyLabelOutOfRangeIsTheReferenceError) {
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
                                                ": label ", bad, " at index 2 is outside the "
                                                "valid range [0, 5)"))));
    EXPECT_THAT(exe->Run(s.values, 0).status(),
                StatusIs(absl::StatusCode::kInvalidArgument, want.status().message()));
    EXPECT_THAT(exe->last_run_stats().reference_nodes, IsEmpty());
  }
}

TEST(LibraryCallCodegenTest, RandomAndCrossEntropyFeedOtherNativeKernels) {
  // Random logits (a TruncatedNormal times a feed), the cross entropy, and native readers of both
  // of its outputs: output 0 may live in the arena, output 1 gets its own buffer.
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = PartialShape({16, 10})});
  Output noise = ops::TruncatedNormal(root.WithOpName("noise"),
                                      ops::Const(root, Vec<int32_t>({16, 10})), DT_FLOAT, {3, 4});
  Output logits = ops::Mul(root.WithOpName("logits"), x, noise);
  ops::SoftmaxCrossEntropyOutputs xent = ops::SparseSoftmaxCrossEntropyWithLogits(
      root.WithOpName("xent"), logits, ops::Const(root, Labels(DT_INT64, 16, 10)));
  ops::Sum(root.WithOpName("loss"), ops::Mul(root, xent.loss, xent.loss), ops::Const(root, 0));
  ops::Mul(root.WithOpName("grad"), xent.backprop, ops::Const(root, 2.0f));
  GraphCase s;
  ASSERT_OK_AND_ASSIGN(s.graph, root.ToGraphDef());
  s.feeds = {{"x", DT_FLOAT, TensorShape({16, 10})}};
  s.values = {rill::testing::RandomTensor(DT_FLOAT, TensorShape({16, 10}), 9)};
  s.fetches = {"loss", "grad"};
  ExpectBitwiseOverSteps(s, 2, /*changes=*/true);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                       Compile(s.graph, {s.feeds, s.fetches, {}}, {}));
  EXPECT_THAT(exe->compiled_nodes(), ::testing::IsSupersetOf({"noise", "xent"}));
  ASSERT_OK(exe->Run(s.values, 0).status());
  // Only the constants stay host values.
  EXPECT_THAT(exe->last_run_stats().reference_nodes,
              ::testing::Each(::testing::StartsWith("Const")));
  for (const auto& [node, why] : exe->not_lowered()) ADD_FAILURE() << node << ": " << why;
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

TEST(LibraryCallCodegenTest, SoftmaxAndLogSoftmaxAreOneNativeKernelBitwise) {
  for (const std::string op : {"Softmax", "LogSoftmax"}) {
    for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
      for (const TensorShape& shape : {TensorShape({1, 1}), TensorShape({7, 17}),
                                       TensorShape({1023, 7}), TensorShape({5, 1023}),
                                       TensorShape({2, 3, 17}), TensorShape({9}),
                                       TensorShape({0, 4}), TensorShape({3, 0})}) {
        SCOPED_TRACE(absl::StrCat(op, " ", DataTypeString(dtype), " ", shape.DebugString()));
        const GraphCase s = DenseGraph(op, dtype, shape);
        for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/false);
      }
    }
  }
}

TEST(LibraryCallCodegenTest, SoftmaxCrossEntropyIsOneNativeKernelBitwise) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    for (const TensorShape& shape : {TensorShape({1, 1}), TensorShape({7, 17}),
                                     TensorShape({1023, 10}), TensorShape({5, 1023}),
                                     TensorShape({0, 5})}) {
      SCOPED_TRACE(absl::StrCat(DataTypeString(dtype), " ", shape.DebugString()));
      const GraphCase s = DenseGraph("xent", dtype, shape, shape);
      for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/false);
    }
  }
}

TEST(LibraryCallCodegenTest, SoftmaxCrossEntropyBroadcastsNatively) {
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

TEST(LibraryCallCodegenTest, OpsTheCompilerKeepsWholeHaveALibraryCall) {
  int whole = 0;
  for (const OpRegistration* op : OpRegistry::Global()->List()) {
    if (!CompilerKeepsWhole(op->name())) continue;
    ++whole;
    EXPECT_TRUE(codegen::HasLibraryCallLowering(op->name())) << op->name();
    EXPECT_TRUE(op->reference_kernel != nullptr) << op->name();
  }
  EXPECT_EQ(whole, 3);
}

}  // namespace
}  // namespace rill::compiler
