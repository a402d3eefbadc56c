// Compiled random ops (call kernels of rill_rt_random / rill_rt_random_int) vs the reference
// kernels: bitwise, over steps, seeds and thread counts, and the reference kernels' error
// messages; random logits feeding a compiled cross entropy.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
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
using ::testing::Not;

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
  s.fetches = {"uniform",   "uniform64",   "normal", "normal64",
               "truncated", "truncated64", "int32",  "int64"};
  s.graph_seed = graph_seed;
  return s;
}

TEST(RandomCallLoweringTest, RandomOpsMatchTheReferenceStreamsBitwise) {
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

TEST(RandomCallLoweringTest, LargeRandomOutputsSplitOverThreadsBitwise) {
  // Large enough for the entry points to split the fill over the pool's threads.
  const GraphCase s = RandomGraph(0, 0, 11, {3, 10007});
  for (int threads : {1, 2}) ExpectBitwiseOverSteps(s, threads, /*changes=*/true);
}

TEST(RandomCallLoweringTest, EmptyRandomOutputsAndEmptyIntRangeRunNatively) {
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

TEST(RandomCallLoweringTest, RandomUniformIntEmptyRangeIsTheReferenceError) {
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

TEST(RandomCallLoweringTest, RandomShapeFromAFeedStaysOnTheReferenceKernel) {
  Scope root = Scope::NewRootScope();
  Output shape = ops::Placeholder(root.WithOpName("shape"), DT_INT32, {.shape = PartialShape({2})});
  ops::RandomUniform(root.WithOpName("r"), shape, DT_FLOAT, {1, 2});
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                       Compile(g, {{{"shape", DT_INT32, TensorShape({2})}}, {"r"}, {}}, {}));
  EXPECT_THAT(exe->compiled_nodes(), Not(Contains("r")));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, exe->Run({Vec<int32_t>({2, 3})}, 0));
  EXPECT_EQ(got[0].shape(), TensorShape({2, 3}));
}

TEST(RandomCallLoweringTest, RandomAndCrossEntropyFeedOtherNativeKernels) {
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

}  // namespace
}  // namespace rill::compiler::call_test
