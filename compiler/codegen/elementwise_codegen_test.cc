// Element-wise codegen end to end through compiler::Compile: fused and single element-wise nodes
// run as native kernels and give bitwise the reference executor's results (NaN, ±Inf, -0.0 and
// awkward sizes included); what cannot be lowered falls back to the reference kernel.
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/state_ops.h"
#include "ops/training_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Overwrites the first elements of a float tensor with the awkward values.
Tensor WithSpecials(Tensor t) {
  const float specials[] = {kNaN, kInf, -kInf, -0.0f, 0.0f, 1e-40f, -88.5f, 89.0f};
  float* d = t.data<float>();
  for (int64_t i = 0; i < t.num_elements() && i < 8; ++i) d[i] = specials[i];
  return t;
}

// Runs `fetches` of `graph` compiled and on the interpreter; expects bitwise equal results.
void ExpectCompiledMatchesReference(const GraphDef& graph, const std::vector<FeedSpec>& feeds,
                                    const std::vector<Tensor>& values,
                                    const std::vector<std::string>& fetches,
                                    Executable** out = nullptr) {
  static std::vector<std::unique_ptr<Executable>> keep_alive;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe, Compile(graph, {feeds, fetches, {}}));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, exe->Run(values, 0));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(graph));
  std::vector<Feed> named;
  for (size_t i = 0; i < feeds.size(); ++i) named.emplace_back(feeds[i].name, values[i]);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run(named, fetches));
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_TRUE(got[i].BitwiseEqual(want[i]))
        << fetches[i] << "\ncompiled:  " << got[i].DebugString(12)
        << "\nreference: " << want[i].DebugString(12);
  }
  if (out != nullptr) {
    *out = exe.get();
    keep_alive.push_back(std::move(exe));
  }
}

TEST(ElementwiseCodegenTest, FusedBroadcastChainRunsCompiledAndMatchesBitwise) {
  for (int64_t n : {1, 7, 17, 1023}) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 3}});
    Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = {1, 3}});
    Output z = ops::Const(root.WithOpName("z"), 0.5f);
    Output mul = ops::Mul(root.WithOpName("mul"), x, y);
    Output add = ops::AddV2(root.WithOpName("add"), mul, z);
    Output relu = ops::Relu(root.WithOpName("relu"), add);
    Output out = ops::Tanh(root.WithOpName("out"), ops::Sub(root.WithOpName("sub"), relu, x));
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    Tensor xv = WithSpecials(RandomTensor(DT_FLOAT, TensorShape({n, 3}), n, -4, 4));
    Tensor yv = RandomTensor(DT_FLOAT, TensorShape({1, 3}), 2, -2, 2);
    Executable* exe = nullptr;
    ExpectCompiledMatchesReference(
        g, {{"x", DT_FLOAT, TensorShape({n, 3})}, {"y", DT_FLOAT, TensorShape({1, 3})}},
        {xv, yv}, {"out"}, &exe);
    ASSERT_NE(exe, nullptr);
    // One fused kernel, and it really ran natively.
    EXPECT_THAT(exe->compiled_nodes(), ::testing::ElementsAre("out"));
    EXPECT_EQ(exe->last_run_stats().compiled_kernels_run, 1);
    EXPECT_THAT(exe->last_run_stats().reference_nodes, Not(Contains("out")));
  }
}

TEST(ElementwiseCodegenTest, MaximumPropagatesNaNAndKeepsTheKernelsSignedZeroRule) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, {.shape = {6}});
  Output b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, {.shape = {6}});
  ops::Maximum(root.WithOpName("max"), a, b);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  Tensor av = MakeTensor<float>({6}, {kNaN, 1.0f, -0.0f, 0.0f, kInf, 3.0f});
  Tensor bv = MakeTensor<float>({6}, {1.0f, kNaN, 0.0f, -0.0f, 2.0f, -kInf});
  Executable* exe = nullptr;
  ExpectCompiledMatchesReference(
      g, {{"a", DT_FLOAT, TensorShape({6})}, {"b", DT_FLOAT, TensorShape({6})}}, {av, bv},
      {"max"}, &exe);
  ASSERT_NE(exe, nullptr);
  EXPECT_THAT(exe->compiled_nodes(), ::testing::ElementsAre("max"));
}

TEST(ElementwiseCodegenTest, SigmoidInDoubleAndFloat) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), dtype, {.shape = {17}});
    ops::Sigmoid(root.WithOpName("s"), ops::Neg(root.WithOpName("n"), ops::Exp(root, x)));
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    ExpectCompiledMatchesReference(g, {{"x", dtype, TensorShape({17})}},
                                   {RandomTensor(dtype, TensorShape({17}), 9, -30, 30)}, {"s"});
  }
}

TEST(ElementwiseCodegenTest, IntegerAddWrapsLikeTheKernel) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root.WithOpName("a"), DT_INT32, {.shape = {3}});
  ops::Add(root.WithOpName("sum"), a, ops::Const(root, int32_t{2147483647}));
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ExpectCompiledMatchesReference(g, {{"a", DT_INT32, TensorShape({3})}},
                                 {MakeTensor<int32_t>({3}, {1, -1, 0})}, {"sum"});
}

TEST(ElementwiseCodegenTest, StringAddStaysOnTheReferenceKernel) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root.WithOpName("a"), DT_STRING, {.shape = {1}});
  ops::Add(root.WithOpName("cat"), a, ops::Const(root.WithOpName("b"), "cd"));
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                       Compile(g, {{{"a", DT_STRING, TensorShape({1})}}, {"cat"}, {}}));
  EXPECT_THAT(exe->compiled_nodes(), IsEmpty());
  ASSERT_EQ(exe->not_lowered().size(), 1u);
  EXPECT_EQ(exe->not_lowered()[0].first, "cat");
  EXPECT_THAT(exe->not_lowered()[0].second, HasSubstr("string"));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       exe->Run({MakeTensor<std::string>({1}, {"ab"})}, 0));
  EXPECT_EQ(out[0].data<std::string>()[0], "abcd");
  EXPECT_THAT(exe->last_run_stats().reference_nodes, Contains("cat"));
}

TEST(ElementwiseCodegenTest, FeedsMustMatchTheCompiledSpec) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1}});
  ops::Neg(root.WithOpName("n"), x);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  EXPECT_THAT(Compile(g, {{{"x", DT_INT32, TensorShape({2})}}, {"n"}, {}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("feed 'x': dtype int32")));
  EXPECT_THAT(Compile(g, {{{"x", DT_FLOAT, TensorShape({2, 2})}}, {"n"}, {}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("feed 'x': shape [2,2]")));
  EXPECT_THAT(Compile(g, {{}, {"nope"}, {}}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("fetch 'nope'")));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                       Compile(g, {{{"x", DT_FLOAT, TensorShape({2})}}, {"n"}, {}}));
  EXPECT_THAT(exe->Run({MakeTensor<float>({3}, {1, 2, 3})}, 0),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feed 'x': the executable was compiled for float [2]")));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, exe->Run({MakeTensor<float>({2}, {1, -0.0f})}, 0));
  EXPECT_TRUE(out[0].BitwiseEqual(MakeTensor<float>({2}, {-1, 0.0f})));
}

TEST(ElementwiseCodegenTest, TenOpChainIsOneVectorisedKernel) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {1024}});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = {1024}});
  Output v = x;
  for (int i = 0; i < 5; ++i) {
    v = ops::Mul(root.WithOpName(absl::StrCat("mul", i)), v, y);
    v = ops::Sub(root.WithOpName(absl::StrCat("sub", i)), v, x);
  }
  ops::Identity(root.WithOpName("out"), v);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  std::string optimized;
  CompileOptions options;
  options.dump_after = {"llvm"};
  options.dump = [&](absl::string_view stage, absl::string_view text) {
    if (stage == "after-opt") optimized = std::string(text);
  };
  ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<Executable> exe,
      Compile(g,
              {{{"x", DT_FLOAT, TensorShape({1024})}, {"y", DT_FLOAT, TensorShape({1024})}},
               {"out"},
               {}},
              options));
  EXPECT_THAT(exe->compiled_nodes(), ::testing::ElementsAre("sub4"));
  int fused = 0;
  for (const Node* n : exe->optimized_graph().nodes()) fused += n->op() == "RillFusion";
  EXPECT_EQ(fused, 1);
  ASSERT_FALSE(optimized.empty());
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "no AVX2 on this CPU";
  // 8 lanes with AVX2, 16 where the host also has AVX-512.
  EXPECT_THAT(optimized, ::testing::ContainsRegex("<(8|16) x float>")) << optimized;
}

TEST(ElementwiseCodegenTest, InPlaceVariableUpdateRunsNativelyWithTheKernelsSemantics) {
  Scope root = Scope::NewRootScope();
  Output var = ops::VariableV2(root.WithOpName("w"), {3}, DT_FLOAT);
  ops::Assign(root.WithOpName("init"), var, ops::Const(root, {1.0f, -2.0f, 0.5f}));
  Output delta = ops::Placeholder(root.WithOpName("delta"), DT_FLOAT, {.shape = {3}});
  ops::ApplyGradientDescent(root.WithOpName("sgd"), var, ops::Const(root, 0.25f), delta);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  VariableStore store;
  CompileOptions options;
  options.variables = &store;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> init, Compile(g, {{}, {}, {"init"}}, options));
  ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<Executable> sgd,
      Compile(g, {{{"delta", DT_FLOAT, TensorShape({3})}}, {"sgd"}, {}}, options));
  EXPECT_THAT(sgd->compiled_nodes(), Contains("sgd"));
  const Tensor d = MakeTensor<float>({3}, {4.0f, kNaN, -0.0f});
  // Uninitialised: an error naming the node, and nothing written.
  EXPECT_THAT(sgd->Run({d}, 0), StatusIs(absl::StatusCode::kFailedPrecondition,
                                         ::testing::AllOf(HasSubstr("node 'sgd'"),
                                                          HasSubstr("uninitialized"))));
  ASSERT_OK(init->Run({}, 1).status());
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, sgd->Run({d}, 2));
  EXPECT_EQ(sgd->last_run_stats().compiled_kernels_run, 1);
  // The fetched ref output reads the updated variable.
  EXPECT_TRUE(out[0].BitwiseEqual(MakeTensor<float>({3}, {0.0f, kNaN, 0.5f})))
      << out[0].DebugString();
  EXPECT_TRUE(store.Find("w")->value().BitwiseEqual(out[0]));
}

TEST(ElementwiseCodegenTest, EveryOptimizerUpdateCompiledEqualsTheReferenceBitwise) {
  // Three steps of each update on variables started from the same values, compiled and on the
  // reference executor; the variables must stay bitwise equal.
  Scope root = Scope::NewRootScope();
  auto var = [&](const std::string& name, std::vector<float> init) {
    Output v = ops::VariableV2(root.WithOpName(name), {4}, DT_FLOAT);
    ops::Assign(root.WithOpName("init_" + name), v, ops::Const(root, init, TensorShape({4})));
    return v;
  };
  Output grad = ops::Placeholder(root.WithOpName("grad"), DT_FLOAT, {.shape = {4}});
  const std::vector<float> w0 = {1.0f, -2.0f, 0.5f, 3.0f}, a0 = {0.1f, 0.2f, 0.0f, 1.5f};
  ops::ApplyMomentum(root.WithOpName("momentum"), var("w1", w0), var("a1", a0),
                     ops::Const(root, 0.1f), grad, ops::Const(root, 0.9f));
  ops::ApplyMomentum(root.WithOpName("nesterov"), var("w2", w0), var("a2", a0),
                     ops::Const(root, 0.1f), grad, ops::Const(root, 0.9f),
                     {.use_nesterov = true});
  ops::ApplyRMSProp(root.WithOpName("rmsprop"), var("w3", w0), var("ms3", a0), var("mom3", a0),
                    ops::Const(root, 0.01f), ops::Const(root, 0.9f), ops::Const(root, 0.5f),
                    ops::Const(root, 1e-7f), grad);
  ops::ApplyAdagrad(root.WithOpName("adagrad"), var("w4", w0), var("a4", a0),
                    ops::Const(root, 0.05f), grad);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  std::vector<std::string> inits;
  for (const NodeDef& n : g.node()) {
    if (absl::StartsWith(n.name(), "init_")) inits.push_back(n.name());
  }
  const std::vector<std::string> updates = {"momentum", "nesterov", "rmsprop", "adagrad"};
  VariableStore store;
  CompileOptions options;
  options.variables = &store;
  ASSERT_OK_AND_ASSIGN(auto init, Compile(g, {{}, {}, inits}, options));
  ASSERT_OK_AND_ASSIGN(auto step,
                       Compile(g, {{{"grad", DT_FLOAT, TensorShape({4})}}, {}, updates}, options));
  for (const std::string& u : updates) EXPECT_THAT(step->compiled_nodes(), Contains(u));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(g));
  ASSERT_OK(init->Run({}, 0).status());
  ASSERT_OK(ref->Run({}, {}, inits).status());
  for (int i = 0; i < 3; ++i) {
    const Tensor gv = MakeTensor<float>({4}, {0.3f * i - 0.5f, 1.25f, -0.0f, 2.0f / (i + 1)});
    ASSERT_OK(step->Run({gv}, i + 1).status());
    ASSERT_OK(ref->Run({{"grad", gv}}, {}, updates).status());
  }
  for (const char* v : {"w1", "a1", "w2", "a2", "w3", "ms3", "mom3", "w4", "a4"}) {
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run({}, {v}));
    EXPECT_TRUE(store.Find(v)->value().BitwiseEqual(want[0]))
        << v << ": " << store.Find(v)->value().DebugString() << " vs " << want[0].DebugString();
  }
}

}  // namespace
}  // namespace rill::compiler
