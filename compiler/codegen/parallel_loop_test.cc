// Large loop kernels (reductions, transposes, fused reductions) split their output dims over the
// executable's thread pool (rill_rt_parallel_range), never a reduction's summation: results are
// bitwise the reference executor's on 1 and 2 threads; small kernels and full reductions to a
// scalar stay one loop nest.
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/testing/compile_with_threads.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/reduce_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::RandomTensor;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// 600 x 500 = 300,000 input elements: above the parallel threshold (2^18).
const TensorShape kBig({600, 500});

using Compiled = testing::CompiledWithIr;
using testing::CompileWithThreads;

// Runs `fetch` (a native kernel) on 1 and 2 threads: bitwise the reference both times, and split
// over the pool exactly when `split`.
void ExpectBitwiseOnOneAndTwoThreads(const GraphDef& g, const std::vector<FeedSpec>& feeds,
                                     const std::vector<Tensor>& values, const std::string& fetch,
                                     bool split) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(g));
  std::vector<Feed> named;
  for (size_t i = 0; i < feeds.size(); ++i) named.emplace_back(feeds[i].name, values[i]);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run(named, {fetch}));
  for (int threads : {1, 2}) {
    SCOPED_TRACE(threads);
    Compiled c = CompileWithThreads(g, {feeds, {fetch}, {}}, threads);
    ASSERT_NE(c.exe, nullptr);
    EXPECT_THAT(c.exe->compiled_nodes(), Contains(fetch));
    if (split) {
      EXPECT_THAT(c.ir, HasSubstr("call i32 @rill_rt_parallel_range"));
    } else {
      EXPECT_THAT(c.ir, Not(HasSubstr("rill_rt_parallel_range")));
    }
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, c.exe->Run(values, 0));
    EXPECT_THAT(c.exe->last_run_stats().reference_nodes, Not(Contains(fetch)));
    EXPECT_TRUE(got[0].BitwiseEqual(want[0])) << got[0].DebugString(8);
  }
}

TEST(ParallelLoopTest, LargeSumsOverEitherAxisAreBitwiseOnOneAndTwoThreads) {
  for (int32_t axis : {1, 0}) {
    SCOPED_TRACE(axis);
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = kBig.AsPartial()});
    ops::Sum(root.WithOpName("s"), x, ops::Const(root.WithOpName("axes"), axis));
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    ExpectBitwiseOnOneAndTwoThreads(g, {{"x", DT_FLOAT, kBig}}, {RandomTensor(DT_FLOAT, kBig, 1)},
                                    "s", /*split=*/true);
  }
}

TEST(ParallelLoopTest, LargeTransposeIsBitwiseOnOneAndTwoThreads) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = kBig.AsPartial()});
  ops::Transpose(root.WithOpName("t"), x, ops::Const(root.WithOpName("perm"), {1, 0}));
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ExpectBitwiseOnOneAndTwoThreads(g, {{"x", DT_FLOAT, kBig}}, {RandomTensor(DT_FLOAT, kBig, 2)},
                                  "t", /*split=*/true);
}

TEST(ParallelLoopTest, LargeFusedReductionIsBitwiseOnOneAndTwoThreads) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = kBig.AsPartial()});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = kBig.AsPartial()});
  ops::Max(root.WithOpName("m"), ops::Exp(root, ops::Sub(root, x, y)),
           ops::Const(root.WithOpName("axes"), {-1}), {.keep_dims = true});
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ExpectBitwiseOnOneAndTwoThreads(g, {{"x", DT_FLOAT, kBig}, {"y", DT_FLOAT, kBig}},
                                  {RandomTensor(DT_FLOAT, kBig, 3), RandomTensor(DT_FLOAT, kBig, 4)},
                                  "m", /*split=*/true);
}

TEST(ParallelLoopTest, SmallKernelsAndFullReductionsStayOneLoopNest) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {100, 100}});
  ops::Sum(root.WithOpName("s"), x, ops::Const(root.WithOpName("axes"), 1));
  ASSERT_OK_AND_ASSIGN(GraphDef small, root.ToGraphDef());
  const TensorShape shape({100, 100});
  ExpectBitwiseOnOneAndTwoThreads(small, {{"x", DT_FLOAT, shape}},
                                  {RandomTensor(DT_FLOAT, shape, 5)}, "s", /*split=*/false);
  // A scalar result has no output dim to split; its summation stays one loop.
  Scope root2 = Scope::NewRootScope();
  Output big = ops::Placeholder(root2.WithOpName("x"), DT_FLOAT, {.shape = kBig.AsPartial()});
  ops::Sum(root2.WithOpName("s"), big, ops::Const(root2.WithOpName("axes"), {0, 1}));
  ASSERT_OK_AND_ASSIGN(GraphDef all, root2.ToGraphDef());
  ExpectBitwiseOnOneAndTwoThreads(all, {{"x", DT_FLOAT, kBig}}, {RandomTensor(DT_FLOAT, kBig, 6)},
                                  "s", /*split=*/false);
}

}  // namespace
}  // namespace rill::compiler
