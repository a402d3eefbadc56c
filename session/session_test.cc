// Tests Session: fetches/feeds/targets, variables across Runs, the plan cache (count of distinct
// plans), RunMetadata, and that errors name the node and leave the session usable.
#include "session/session.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/state_ops.h"
#include "ops/training/variables.h"

namespace rill {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;

// y = x * w + 1 with w a variable initialised to 2, "inc" adds 1 to w, "div" = a / b (int32).
absl::StatusOr<GraphDef> TestGraph() {
  Scope s = Scope::NewRootScope();
  Output x = ops::Placeholder(s.WithOpName("x"), DT_FLOAT, {.shape = PartialShape({-1})});
  train::GraphVariable w = train::CreateVariable(s.WithOpName("w"), ops::Const(s, 2.0f));
  Output y = ops::Add(s.WithOpName("y"), ops::Mul(s, x, w.ref), ops::Const(s, 1.0f));
  ops::AssignAdd(s.WithOpName("inc"), w.ref, ops::Const(s, 1.0f));
  train::GlobalVariablesInitializer(s.WithOpName("init"));
  Output a = ops::Placeholder(s.WithOpName("a"), DT_INT32, {.shape = PartialShape({})});
  Output b = ops::Placeholder(s.WithOpName("b"), DT_INT32, {.shape = PartialShape({})});
  ops::Div(s.WithOpName("div"), a, b);
  (void)y;
  return s.ToGraphDef();
}

Tensor Vec(std::vector<float> v) {
  const int64_t n = static_cast<int64_t>(v.size());
  return *Tensor::FromVector(v, TensorShape({n}));
}

TEST(SessionTest, RunsFetchesWithFeedsAndKeepsVariables) {
  ASSERT_OK_AND_ASSIGN(GraphDef graph, TestGraph());
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(graph));
  std::vector<Tensor> out;
  ASSERT_OK(session->Run({}, {}, {"init"}, &out));
  EXPECT_TRUE(out.empty());
  ASSERT_OK(session->Run({{"x", Vec({1, 2})}}, {"y"}, {}, &out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0].ToVector<float>(), ElementsAre(3, 5));
  ASSERT_OK(session->Run({}, {}, {"inc"}, &out));
  ASSERT_OK(session->Run({{"x:0", Vec({1, 2})}}, {"y:0", "w"}, {}, &out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_THAT(out[0].ToVector<float>(), ElementsAre(4, 7));
  EXPECT_THAT(out[1].ToVector<float>(), ElementsAre(3));
}

TEST(SessionTest, CachesOnePlanPerSignature) {
  ASSERT_OK_AND_ASSIGN(GraphDef graph, TestGraph());
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(graph));
  std::vector<Tensor> out;
  RunMetadata meta;
  ASSERT_OK(session->Run({}, {}, {"init"}, &out));
  EXPECT_EQ(session->num_plans_built(), 1);
  ASSERT_OK(session->Run(RunOptions(), {{"x", Vec({1, 2})}}, {"y"}, {}, &out, &meta));
  EXPECT_FALSE(meta.plan_cache_hit);
  EXPECT_EQ(session->num_plans_built(), 2);
  ASSERT_OK(session->Run(RunOptions(), {{"x", Vec({5, 6})}}, {"y"}, {}, &out, &meta));
  EXPECT_TRUE(meta.plan_cache_hit);
  EXPECT_EQ(meta.plan_build_time, absl::ZeroDuration());
  EXPECT_EQ(session->num_plans_built(), 2);
  // A new feed shape, dtype-equal, is a new signature; so are new fetches and targets.
  ASSERT_OK(session->Run({{"x", Vec({1, 2, 3})}}, {"y"}, {}, &out));
  EXPECT_EQ(session->num_plans_built(), 3);
  ASSERT_OK(session->Run({{"x", Vec({1})}}, {"y", "w"}, {}, &out));
  EXPECT_EQ(session->num_plans_built(), 4);
  ASSERT_OK(session->Run({{"x", Vec({1})}}, {"y"}, {"inc"}, &out));
  EXPECT_EQ(session->num_plans_built(), 5);
  ASSERT_OK(session->Run({{"x", Vec({1})}}, {"y"}, {"inc"}, &out));
  EXPECT_EQ(session->num_plans_built(), 5);
  EXPECT_EQ(session->num_runs(), 7);
}

TEST(SessionTest, MetadataReportsTimingAndStep) {
  ASSERT_OK_AND_ASSIGN(GraphDef graph, TestGraph());
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(graph));
  std::vector<Tensor> out;
  RunMetadata meta;
  ASSERT_OK(session->Run(RunOptions(), {}, {}, {"init"}, &out, &meta));
  EXPECT_EQ(meta.step, 0);
  ASSERT_OK(session->Run(RunOptions(), {{"x", Vec({1})}}, {"y"}, {}, &out, &meta));
  EXPECT_EQ(meta.step, 1);
  // The plan is a compiled executable: one entry per kernel, native or host.
  ASSERT_FALSE(meta.clusters.empty());
  absl::Duration sum;
  std::vector<std::string> names;
  for (const ClusterTiming& t : meta.clusters) {
    names.push_back(t.name);
    EXPECT_THAT(t.name, ::testing::AnyOf(::testing::StartsWith("native "),
                                         ::testing::StartsWith("host ")));
    sum += t.wall_time;
  }
  EXPECT_GE(meta.total_time, sum);
  EXPECT_THAT(names, ::testing::Contains("native y"));  // x * w + 1, one fused kernel
  EXPECT_GT(meta.total_time, absl::ZeroDuration());
  RunOptions no_timing;
  no_timing.collect_cluster_timing = false;
  ASSERT_OK(session->Run(no_timing, {{"x", Vec({1})}}, {"y"}, {}, &out, &meta));
  EXPECT_TRUE(meta.clusters.empty());
}

TEST(SessionTest, BadNamesAreErrorsAndNotCached) {
  ASSERT_OK_AND_ASSIGN(GraphDef graph, TestGraph());
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(graph));
  std::vector<Tensor> out;
  EXPECT_THAT(session->Run({}, {"nope"}, {}, &out),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("fetch 'nope'")));
  EXPECT_THAT(session->Run({{"nofeed", Vec({1})}}, {"y"}, {}, &out),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("feed 'nofeed'")));
  EXPECT_THAT(session->Run({}, {}, {"notarget"}, &out),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("target 'notarget'")));
  EXPECT_THAT(session->Run({}, {"y:x"}, {}, &out),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fetch 'y:x'")));
  EXPECT_THAT(session->Run({{"x", Vec({1})}, {"x:0", Vec({2})}}, {"y"}, {}, &out),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fed twice")));
  EXPECT_THAT(session->Run({}, {}, {}, &out), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(session->Run({}, {"y"}, {}, nullptr), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(session->num_plans_built(), 0);
}

TEST(SessionTest, RunErrorsNameTheNodeAndSessionStaysUsable) {
  ASSERT_OK_AND_ASSIGN(GraphDef graph, TestGraph());
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(graph));
  std::vector<Tensor> out;
  // Uninitialised variable.
  EXPECT_THAT(session->Run({{"x", Vec({1})}}, {"y"}, {}, &out),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("'w'")));
  // Missing feed.
  EXPECT_THAT(session->Run({}, {"y"}, {}, &out),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'x'")));
  // Mis-typed feed.
  EXPECT_THAT(session->Run({{"x", Tensor::Scalar<int32_t>(1)}}, {"y"}, {}, &out),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("feed 'x'")));
  // A kernel error.
  EXPECT_THAT(session->Run({{"a", Tensor::Scalar<int32_t>(1)}, {"b", Tensor::Scalar<int32_t>(0)}},
                           {"div"}, {}, &out),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'div' (Div)")));
  EXPECT_TRUE(out.empty());
  // Still usable, with the same plans.
  ASSERT_OK(session->Run({}, {}, {"init"}, &out));
  ASSERT_OK(session->Run({{"x", Vec({1})}}, {"y"}, {}, &out));
  EXPECT_THAT(out[0].ToVector<float>(), ElementsAre(3));
  ASSERT_OK(session->Run({{"a", Tensor::Scalar<int32_t>(7)}, {"b", Tensor::Scalar<int32_t>(2)}},
                         {"div"}, {}, &out));
  EXPECT_THAT(out[0].ToVector<int32_t>(), ElementsAre(3));
}

TEST(SessionTest, CreateRejectsBadGraphsAndOptions) {
  ASSERT_OK_AND_ASSIGN(GraphDef graph, TestGraph());
  GraphDef bad;
  NodeDef* n = bad.add_node();
  n->set_name("n");
  n->set_op("NoSuchOp");
  EXPECT_THAT(Session::Create(bad), StatusIs(absl::StatusCode::kNotFound, HasSubstr("NoSuchOp")));
  SessionOptions options;
  for (int threads : {-1, 1025}) {
    options.num_threads = threads;
    EXPECT_THAT(Session::Create(graph, options),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("num_threads")));
  }
}

TEST(SessionTest, ThreadCountIsRecorded) {
  ASSERT_OK_AND_ASSIGN(GraphDef graph, TestGraph());
  SessionOptions options;
  options.num_threads = 3;
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(graph, options));
  EXPECT_EQ(session->num_threads(), 3);
  ASSERT_OK_AND_ASSIGN(auto defaulted, Session::Create(graph));
  EXPECT_GE(defaulted->num_threads(), 1);
  EXPECT_EQ(defaulted->graph_def().node_size(), graph.node_size());
}

// The thread count reaches the compiled kernels (runtime GEMM calls split across the pool);
// results do not depend on it.
TEST(SessionTest, ThreadCountsGiveBitwiseEqualResults) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {64, 96}});
  ops::MatMul(root.WithOpName("y"), x, x, {.transpose_b = true});
  ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
  std::vector<float> values(64 * 96);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 13) / 7 - 0.9f;
  ASSERT_OK_AND_ASSIGN(Tensor feed, Tensor::FromVector<float>(values, TensorShape({64, 96})));
  std::vector<Tensor> results;
  for (int threads : {1, 2}) {
    SessionOptions options;
    options.num_threads = threads;
    ASSERT_OK_AND_ASSIGN(auto session, Session::Create(graph, options));
    std::vector<Tensor> out;
    ASSERT_OK(session->Run({{"x", feed}}, {"y"}, {}, &out));
    results.push_back(out[0]);
  }
  EXPECT_TRUE(results[0].BitwiseEqual(results[1]));
}

}  // namespace
}  // namespace rill
