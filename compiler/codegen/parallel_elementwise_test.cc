// Large element-wise kernels split their outermost loop over the executable's thread pool
// (rill_rt_parallel_range): fused chains and in-place optimizer updates give bitwise the reference
// executor's results on 1 and 2 threads, a failing kernel reports the failure the whole loop in
// order would, and small kernels stay one loop.
#include <cstdint>
#include <limits>
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
#include "ops/state_ops.h"
#include "ops/testing/tensor_test_util.h"
#include "ops/training_ops.h"

namespace rill::compiler {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// 600 x 500 = 300,000 elements: above the parallel threshold (2^18).
const TensorShape kBig({600, 500});

using Compiled = testing::CompiledWithIr;
using testing::CompileWithThreads;

TEST(ParallelElementwiseTest, FusedBroadcastChainIsBitwiseTheReferenceOnOneAndTwoThreads) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = kBig.AsPartial()});
  Output row = ops::Placeholder(root.WithOpName("row"), DT_FLOAT, {.shape = {500}});
  ops::Tanh(root.WithOpName("y"), ops::Mul(root, ops::Add(root, x, row), ops::Exp(root, x)));
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  const std::vector<FeedSpec> feeds = {{"x", DT_FLOAT, kBig},
                                       {"row", DT_FLOAT, TensorShape({500})}};
  const std::vector<Tensor> values = {RandomTensor(DT_FLOAT, kBig, 1),
                                      RandomTensor(DT_FLOAT, TensorShape({500}), 2)};
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(g));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run({{"x", values[0]}, {"row", values[1]}},
                                                          {"y"}));
  for (int threads : {1, 2}) {
    SCOPED_TRACE(threads);
    Compiled c = CompileWithThreads(g, {feeds, {"y"}, {}}, threads);
    ASSERT_NE(c.exe, nullptr);
    EXPECT_THAT(c.ir, HasSubstr("call i32 @rill_rt_parallel_range"));
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, c.exe->Run(values, 0));
    EXPECT_TRUE(c.exe->last_run_stats().reference_nodes.empty());
    EXPECT_TRUE(got[0].BitwiseEqual(want[0])) << got[0].DebugString(8);
  }
}

TEST(ParallelElementwiseTest, SmallKernelsStayOneLoop) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {400, 600}});
  ops::Neg(root.WithOpName("y"), x);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  Compiled c = CompileWithThreads(g, {{{"x", DT_FLOAT, TensorShape({400, 600})}}, {"y"}, {}}, 2);
  ASSERT_NE(c.exe, nullptr);
  EXPECT_THAT(c.exe->compiled_nodes(), Contains("y"));
  EXPECT_THAT(c.ir, Not(HasSubstr("rill_rt_parallel_range")));
}

TEST(ParallelElementwiseTest, FailureIsTheFirstInLoopOrderOnAnyThreadCount) {
  // INT_MIN / -1 (overflow) early in the first half, a zero divisor in the second half: the
  // serial loop keeps the overflow, so every split must report it.
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_INT32, {.shape = kBig.AsPartial()});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_INT32, {.shape = kBig.AsPartial()});
  ops::Div(root.WithOpName("q"), x, y);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  std::vector<int32_t> xs(kBig.num_elements(), 7), ys(kBig.num_elements(), 3);
  xs[1000] = std::numeric_limits<int32_t>::min();
  ys[1000] = -1;
  ys[kBig.num_elements() - 5] = 0;
  const std::vector<Tensor> values = {MakeTensor<int32_t>({600, 500}, xs),
                                      MakeTensor<int32_t>({600, 500}, ys)};
  for (int threads : {1, 2}) {
    SCOPED_TRACE(threads);
    Compiled c = CompileWithThreads(
        g, {{{"x", DT_INT32, kBig}, {"y", DT_INT32, kBig}}, {"q"}, {}}, threads);
    ASSERT_NE(c.exe, nullptr);
    EXPECT_THAT(c.ir, HasSubstr("rill_rt_parallel_range"));
    EXPECT_THAT(c.exe->Run(values, 0).status(),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         ::testing::AllOf(HasSubstr("node 'q'"), HasSubstr("overflow"))));
  }
}

TEST(ParallelElementwiseTest, InPlaceAdamIsBitwiseTheReferenceOnOneAndTwoThreads) {
  Scope root = Scope::NewRootScope();
  auto var = [&](const std::string& name, uint64_t seed) {
    Output v = ops::VariableV2(root.WithOpName(name), kBig.AsPartial(), DT_FLOAT);
    Tensor init = RandomTensor(DT_FLOAT, kBig, seed, 0.0, 1.0);
    ops::Assign(root.WithOpName("init_" + name), v, ops::Const(root, init));
    return v;
  };
  Output grad = ops::Placeholder(root.WithOpName("grad"), DT_FLOAT, {.shape = kBig.AsPartial()});
  ops::ApplyAdam(root.WithOpName("adam"), var("w", 3), var("m", 4), var("v", 5),
                 ops::Const(root, 0.9f), ops::Const(root, 0.999f), ops::Const(root, 0.001f),
                 ops::Const(root, 0.9f), ops::Const(root, 0.999f), ops::Const(root, 1e-7f), grad);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  const std::vector<std::string> inits = {"init_w", "init_m", "init_v"};
  const Tensor gv = RandomTensor(DT_FLOAT, kBig, 6);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(g));
  ASSERT_OK(ref->Run({}, {}, inits).status());
  for (int step = 0; step < 2; ++step) ASSERT_OK(ref->Run({{"grad", gv}}, {}, {"adam"}).status());
  for (int threads : {1, 2}) {
    SCOPED_TRACE(threads);
    VariableStore store;
    Compiled init = CompileWithThreads(g, {{}, {}, inits}, threads, &store);
    Compiled step = CompileWithThreads(g, {{{"grad", DT_FLOAT, kBig}}, {}, {"adam"}}, threads,
                                       &store);
    ASSERT_NE(init.exe, nullptr);
    ASSERT_NE(step.exe, nullptr);
    EXPECT_THAT(step.exe->compiled_nodes(), Contains("adam"));
    EXPECT_THAT(step.ir, HasSubstr("rill_rt_parallel_range"));
    ASSERT_OK(init.exe->Run({}, 0).status());
    for (int s = 0; s < 2; ++s) ASSERT_OK(step.exe->Run({gv}, s + 1).status());
    for (const char* v : {"w", "m", "v"}) {
      ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run({}, {v}));
      EXPECT_TRUE(store.Find(v)->value().BitwiseEqual(want[0])) << v;
    }
  }
}

}  // namespace
}  // namespace rill::compiler
