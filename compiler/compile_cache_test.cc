// CompileCache: one compile per distinct (graph, feeds' dtypes and shapes, fetches, targets); a new
// batch size compiles anew; errors are not cached.
#include "compiler/compile_cache.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::MakeTensor;

GraphDef NegGraph() {
  Scope root = Scope::NewRootScope();
  ops::Neg(root.WithOpName("n"), ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1}}));
  return *root.ToGraphDef();
}

TEST(CompileCacheTest, CompilesOncePerDistinctSpec) {
  CompileCache cache;
  const GraphDef g = NegGraph();
  const CompileSpec batch2{{{"x", DT_FLOAT, TensorShape({2})}}, {"n"}, {}};
  const CompileSpec batch3{{{"x", DT_FLOAT, TensorShape({3})}}, {"n"}, {}};
  ASSERT_OK_AND_ASSIGN(Executable * a, cache.GetOrCompile(g, batch2));
  ASSERT_OK_AND_ASSIGN(Executable * b, cache.GetOrCompile(g, batch2));
  EXPECT_EQ(a, b);
  EXPECT_EQ(cache.misses(), 1);
  EXPECT_EQ(cache.hits(), 1);
  ASSERT_OK_AND_ASSIGN(Executable * c, cache.GetOrCompile(g, batch3));
  EXPECT_NE(a, c);
  EXPECT_EQ(cache.size(), 2);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, c->Run({MakeTensor<float>({3}, {1, 2, 3})}, 0));
  EXPECT_THAT(out[0], testing::TensorEq(MakeTensor<float>({3}, {-1, -2, -3})));
  // A different fetch list or graph is a different key.
  EXPECT_NE(CompileCacheKey(g, batch2), CompileCacheKey(g, {batch2.feeds, {"n:0"}, {}}));
  GraphDef other = g;
  other.mutable_node(0)->set_name("renamed_x");
  EXPECT_NE(CompileCacheKey(g, batch2), CompileCacheKey(other, batch2));
}

TEST(CompileCacheTest, ErrorsAreNotCached) {
  CompileCache cache;
  const GraphDef g = NegGraph();
  const CompileSpec bad{{{"x", DT_INT32, TensorShape({2})}}, {"n"}, {}};
  EXPECT_THAT(cache.GetOrCompile(g, bad), testing::StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(cache.GetOrCompile(g, bad), testing::StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(cache.misses(), 2);
  EXPECT_EQ(cache.size(), 0);
}

}  // namespace
}  // namespace rill::compiler
