// Buffer assignment wired into compiled executables: native outputs share one arena, values that
// leave the executable (fetches, variables) are never placed in it, views extend lifetimes, and
// with dead buffers poisoned the results stay bitwise those of an unplanned executable.
#include "compiler/buffer_plan.h"

#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/reduce_ops.h"
#include "ops/state_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::RandomTensor;

// x [8, 16] through four products of 128 floats each (the third reads the second through a
// Reshape view), then a sum. Each product's output
// is read only by the next native kernel, so lifetimes are short and buffers can be reused.
GraphDef Chain() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {8, 16}});
  Output w = ops::Const(root.WithOpName("w"), RandomTensor(DT_FLOAT, TensorShape({16, 16}), 1));
  Output h1 = ops::MatMul(root.WithOpName("h1"), x, w);
  Output h2 = ops::MatMul(root.WithOpName("h2"), h1, w);
  Output view = ops::Reshape(root.WithOpName("view"), h2, ops::Const(root, {16, 8}));
  Output c = ops::Const(root.WithOpName("c"), RandomTensor(DT_FLOAT, TensorShape({8, 8}), 2));
  Output h3 = ops::MatMul(root.WithOpName("h3"), view, c);
  Output h4 = ops::MatMul(root.WithOpName("h4"), h3, c);
  ops::Sum(root.WithOpName("total"), h4, ops::Const(root, {0, 1}));
  return *root.ToGraphDef();
}

TEST(BufferPlanTest, ChainReusesTheArenaAndPoisoningChangesNothing) {
  const GraphDef g = Chain();
  const CompileSpec spec{{{"x", DT_FLOAT, TensorShape({8, 16})}}, {"total"}, {}};
  CompileOptions unplanned;
  unplanned.plan_buffers = false;
  CompileOptions poisoned;
  poisoned.poison_dead_buffers = true;
  ASSERT_OK_AND_ASSIGN(auto plain, Compile(g, spec, unplanned));
  ASSERT_OK_AND_ASSIGN(auto planned, Compile(g, spec, poisoned));
  EXPECT_EQ(plain->buffer_stats().planned_buffers, 0);
  const ExecutableBufferStats& stats = planned->buffer_stats();
  EXPECT_TRUE(stats.poisoning);
  EXPECT_EQ(stats.planned_buffers, 4);  // h1..h4 (total is fetched)
  // 4 buffers of 512 bytes; at most two are live at once (h2 stays live through the view).
  EXPECT_EQ(stats.unshared_bytes, 4 * 512);
  EXPECT_EQ(stats.arena_bytes, 2 * 512);
  for (int run = 0; run < 3; ++run) {
    const Tensor x = RandomTensor(DT_FLOAT, TensorShape({8, 16}), 10 + run);
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, plain->Run({x}, run));
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, planned->Run({x}, run));
    EXPECT_TRUE(got[0].BitwiseEqual(want[0])) << got[0].DebugString() << " vs "
                                              << want[0].DebugString();
  }
}

TEST(BufferPlanTest, FetchedValuesAreNeverInTheArena) {
  const GraphDef g = Chain();
  CompileOptions options;
  options.poison_dead_buffers = true;
  ASSERT_OK_AND_ASSIGN(auto exe,
                       Compile(g, {{{"x", DT_FLOAT, TensorShape({8, 16})}}, {"h1", "view", "total"}, {}},
                               options));
  // h1 and h2 (through its fetched view) leave the executable; h3 and h4 do not.
  EXPECT_EQ(exe->buffer_stats().planned_buffers, 2);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> first,
                       exe->Run({RandomTensor(DT_FLOAT, TensorShape({8, 16}), 1)}, 0));
  std::vector<Tensor> kept;
  for (const Tensor& t : first) kept.push_back(t.DeepCopy());
  ASSERT_OK(exe->Run({RandomTensor(DT_FLOAT, TensorShape({8, 16}), 2)}, 1).status());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_TRUE(first[i].BitwiseEqual(kept[i])) << "fetch " << i << " changed by a later run";
  }
}

TEST(BufferPlanTest, ValuesStoredInVariablesAreNeverInTheArena) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {4, 4}});
  Output h = ops::MatMul(root.WithOpName("h"), x, x);
  Output var = ops::VariableV2(root.WithOpName("v"), PartialShape({4, 4}), DT_FLOAT);
  Output assign = ops::Assign(root.WithOpName("assign"), var, h);
  ops::MatMul(root.WithOpName("after"), ops::MatMul(root.WithOpName("more"), h, h), x);
  const GraphDef g = *root.ToGraphDef();
  const TensorShape s({4, 4});
  CompileOptions options;
  options.poison_dead_buffers = true;
  ASSERT_OK_AND_ASSIGN(auto step, Compile(g, {{{"x", DT_FLOAT, s}}, {"after"}, {"assign"}}, options));
  const Tensor x0 = RandomTensor(DT_FLOAT, s, 3);
  ASSERT_OK(step->Run({x0}, 0).status());
  ASSERT_OK(step->Run({RandomTensor(DT_FLOAT, s, 4)}, 1).status());
  // The variable holds the second run's h, untouched by anything the kernels wrote after it.
  ASSERT_OK_AND_ASSIGN(auto read, Compile(g, {{{"x", DT_FLOAT, s}}, {"h"}, {}}, options));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, read->Run({RandomTensor(DT_FLOAT, s, 4)}, 0));
  Variable* v = step->variables().Find("v");
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(v->value().BitwiseEqual(want[0]));
}

}  // namespace
}  // namespace rill::compiler
