// f32 MatMul, BatchMatMulV2, Conv2D and its two backprops compile to kernels that call the
// runtime (the generated IR calls rill_rt_*), run natively, match the reference executor within
// the stated tolerance (compiled_numerics.h) and give bitwise equal results on 1 and 2 threads.
// f32 BiasAddGrad calls runtime::ColumnSums. Other dtypes and unsupported batch broadcasts keep
// the loop emitters.
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/fused_ops.h"
#include "compiler/interpreter/interpreter.h"
#include "compiler/testing/compiled_numerics.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/testing/tensor_test_util.h"
#include "runtime/thread_pool.h"

namespace rill::compiler {
namespace {

using ::rill::testing::RandomTensor;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

struct Compiled {
  std::string ir;  // before optimisation
  Tensor value;
};

// Makes `options` write the module's IR before optimisation into *ir.
void DumpIrTo(CompileOptions* options, std::string* ir) {
  options->dump_after = {"llvm"};
  options->dump = [ir](absl::string_view stage, absl::string_view text) {
    if (stage == "before-opt") *ir = std::string(text);
  };
}

// Compiles `fetch` with `threads` threads, checks `fetch` ran natively, returns its value.
Compiled CompileAndRun(const GraphDef& g, const std::vector<FeedSpec>& feeds,
                       const std::vector<Tensor>& values, const std::string& fetch, int threads) {
  Compiled out;
  CompileOptions options;
  options.num_threads = threads;
  DumpIrTo(&options, &out.ir);
  absl::StatusOr<std::unique_ptr<Executable>> exe = Compile(g, {feeds, {fetch}, {}}, options);
  EXPECT_OK(exe.status());
  if (!exe.ok()) return out;
  EXPECT_THAT((*exe)->compiled_nodes(), Contains(fetch));
  absl::StatusOr<std::vector<Tensor>> got = (*exe)->Run(values, 0);
  EXPECT_OK(got.status());
  if (!got.ok()) return out;
  EXPECT_THAT((*exe)->last_run_stats().reference_nodes, Not(Contains(fetch)));
  out.value = (*got)[0];
  return out;
}

// Runs `fetch` compiled on 1 and 2 threads and on the reference executor; returns the IR.
std::string ExpectRuntimeKernelMatches(const GraphDef& g, const std::vector<FeedSpec>& feeds,
                                       const std::vector<Tensor>& values,
                                       const std::string& fetch) {
  const Compiled one = CompileAndRun(g, feeds, values, fetch, 1);
  const Compiled two = CompileAndRun(g, feeds, values, fetch, 2);
  absl::StatusOr<std::unique_ptr<Interpreter>> ref = Interpreter::Create(g);
  EXPECT_OK(ref.status());
  std::vector<Feed> named;
  for (size_t i = 0; i < feeds.size(); ++i) named.emplace_back(feeds[i].name, values[i]);
  absl::StatusOr<std::vector<Tensor>> want = (*ref)->Run(named, {fetch});
  EXPECT_OK(want.status());
  if (!want.ok() || !one.value.valid() || !two.value.valid()) return one.ir;
  EXPECT_TRUE(rill::testing::MatchesReference(g, one.value, (*want)[0]));
  EXPECT_TRUE(one.value.BitwiseEqual(two.value)) << "1 vs 2 threads differ";
  return one.ir;
}

// ExpectRuntimeKernelMatches for each (fetch, entry point), and that the fetch's kernel calls it.
void ExpectCalls(const GraphDef& g, const std::vector<FeedSpec>& feeds,
                 const std::vector<Tensor>& values,
                 const std::vector<std::pair<std::string, std::string>>& calls) {
  for (const auto& [fetch, entry] : calls) {
    EXPECT_THAT(ExpectRuntimeKernelMatches(g, feeds, values, fetch),
                HasSubstr(absl::StrCat("call void @", entry, "(")))
        << fetch;
  }
}

TEST(DenseCallLoweringTest, MatMulAllTransposesCallTheGemm) {
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      const int64_t m = 17, k = 33, n = 9;
      Scope root = Scope::NewRootScope();
      const TensorShape sa = ta ? TensorShape({k, m}) : TensorShape({m, k});
      const TensorShape sb = tb ? TensorShape({n, k}) : TensorShape({k, n});
      Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, {.shape = sa.AsPartial()});
      Output b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, {.shape = sb.AsPartial()});
      ops::MatMul(root.WithOpName("mm"), a, b, {.transpose_a = ta, .transpose_b = tb});
      ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
      SCOPED_TRACE(::testing::Message() << "ta=" << ta << " tb=" << tb);
      const std::string ir = ExpectRuntimeKernelMatches(
          g, {{"a", DT_FLOAT, sa}, {"b", DT_FLOAT, sb}},
          {RandomTensor(DT_FLOAT, sa, 1), RandomTensor(DT_FLOAT, sb, 2)}, "mm");
      EXPECT_THAT(ir, HasSubstr(absl::StrCat("call void @rill_rt_sgemm(i32 ", ta ? 1 : 0, ", i32 ",
                                             tb ? 1 : 0, ", i64 17, i64 9, i64 33")));
    }
  }
}

TEST(DenseCallLoweringTest, BatchMatMulCallsTheGemmPerBatchWithABroadcastOperand) {
  Scope root = Scope::NewRootScope();
  const TensorShape xs({3, 4, 5}), ys({5, 6});
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = xs.AsPartial()});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = ys.AsPartial()});
  ops::BatchMatMulV2(root.WithOpName("bmm"), x, y);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  const std::string ir = ExpectRuntimeKernelMatches(
      g, {{"x", DT_FLOAT, xs}, {"y", DT_FLOAT, ys}},
      {RandomTensor(DT_FLOAT, xs, 3), RandomTensor(DT_FLOAT, ys, 4)}, "bmm");
  // 3 products, x advancing by 4 * 5, y broadcast (stride 0).
  EXPECT_THAT(ir, HasSubstr("i64 3, i64 20, i64 0"));
}

TEST(DenseCallLoweringTest, OtherDtypesAndCrossBroadcastsKeepTheLoopEmitter) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root.WithOpName("a"), DT_DOUBLE, {.shape = {3, 3}});
  ops::MatMul(root.WithOpName("mm"), a, a);
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 1, 3, 5}});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = {4, 5, 7}});
  ops::BatchMatMulV2(root.WithOpName("bmm"), x, y);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  std::string ir;
  CompileOptions options;
  DumpIrTo(&options, &ir);
  ASSERT_OK_AND_ASSIGN(auto exe,
                       Compile(g,
                               {{{"a", DT_DOUBLE, TensorShape({3, 3})},
                                 {"x", DT_FLOAT, TensorShape({2, 1, 3, 5})},
                                 {"y", DT_FLOAT, TensorShape({4, 5, 7})}},
                                {"mm", "bmm"},
                                {}},
                               options));
  EXPECT_THAT(exe->compiled_nodes(), ::testing::ElementsAre("bmm", "mm"));
  EXPECT_THAT(ir, Not(HasSubstr("rill_rt_sgemm")));
}

TEST(DenseCallLoweringTest, FloatBiasAddGradCallsTheColumnSums) {
  // [2, 70, 70, 3]: 9800 rows, more than one chunk of rows.
  for (const TensorShape& shape : {TensorShape({2, 70, 70, 3}), TensorShape({5, 4})}) {
    SCOPED_TRACE(shape.DebugString());
    Scope root = Scope::NewRootScope();
    Output dy = ops::Placeholder(root.WithOpName("dy"), DT_FLOAT, {.shape = shape.AsPartial()});
    ops::BiasAddGrad(root.WithOpName("db"), dy);
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    const std::string ir = ExpectRuntimeKernelMatches(g, {{"dy", DT_FLOAT, shape}},
                                                      {RandomTensor(DT_FLOAT, shape, 9)}, "db");
    const int64_t n = shape.dim(shape.rank() - 1);
    EXPECT_THAT(ir, HasSubstr(absl::StrCat("call void @rill_rt_column_sums(i64 ",
                                           shape.num_elements() / n, ", i64 ", n)));
  }
}

TEST(DenseCallLoweringTest, NonFloatBiasAddGradKeepsTheLoopEmitter) {
  Scope root = Scope::NewRootScope();
  Output dy = ops::Placeholder(root.WithOpName("dy"), DT_DOUBLE, {.shape = {4, 3}});
  ops::BiasAddGrad(root.WithOpName("db"), dy);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  std::string ir;
  CompileOptions options;
  DumpIrTo(&options, &ir);
  ASSERT_OK_AND_ASSIGN(auto exe,
                       Compile(g, {{{"dy", DT_DOUBLE, TensorShape({4, 3})}}, {"db"}, {}}, options));
  EXPECT_THAT(exe->compiled_nodes(), Contains("db"));
  EXPECT_THAT(ir, Not(HasSubstr("rill_rt_column_sums")));
}

TEST(DenseCallLoweringTest, ConvolutionsCallTheRuntime) {
  struct Case {
    std::vector<int64_t> strides;
    std::string padding;
    std::vector<int64_t> dilations;
  };
  for (const Case& k : {Case{{1, 1, 1, 1}, "VALID", {1, 1, 1, 1}},
                        Case{{1, 2, 3, 1}, "SAME", {1, 1, 1, 1}},
                        Case{{1, 1, 1, 1}, "SAME", {1, 2, 2, 1}}}) {
    const TensorShape xs({2, 9, 7, 3}), fs({3, 2, 3, 4});
    Scope shapes = Scope::NewRootScope();
    Output fy = ops::Conv2D(shapes, ops::Placeholder(shapes, DT_FLOAT, {.shape = xs.AsPartial()}),
                            ops::Placeholder(shapes, DT_FLOAT, {.shape = fs.AsPartial()}),
                            k.strides, k.padding, {.dilations = k.dilations});
    const TensorShape gs = *TensorShape::FromPartial(fy.shape());

    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = xs.AsPartial()});
    Output f = ops::Placeholder(root.WithOpName("f"), DT_FLOAT, {.shape = fs.AsPartial()});
    Output grad = ops::Placeholder(root.WithOpName("g"), DT_FLOAT, {.shape = gs.AsPartial()});
    ops::Conv2D(root.WithOpName("conv"), x, f, k.strides, k.padding, {.dilations = k.dilations});
    ops::Conv2DBackpropInput(root.WithOpName("dx"), ops::Const(root, {2, 9, 7, 3}), f, grad,
                             k.strides, k.padding, {.dilations = k.dilations});
    ops::Conv2DBackpropFilter(root.WithOpName("dk"), x, ops::Const(root, {3, 2, 3, 4}), grad,
                              k.strides, k.padding, {.dilations = k.dilations});
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    SCOPED_TRACE(k.padding);
    const std::vector<FeedSpec> feeds = {
        {"x", DT_FLOAT, xs}, {"f", DT_FLOAT, fs}, {"g", DT_FLOAT, gs}};
    Tensor xv = RandomTensor(DT_FLOAT, xs, 31);
    xv.data<float>()[40] = -0.0f;
    const std::vector<Tensor> values = {xv, RandomTensor(DT_FLOAT, fs, 32),
                                        RandomTensor(DT_FLOAT, gs, 33)};
    ExpectCalls(g, feeds, values,
                {{"conv", "rill_rt_conv2d_forward"},
                 {"dx", "rill_rt_conv2d_backward_input"},
                 {"dk", "rill_rt_conv2d_backward_filter"}});
  }
}

// The pools and their gradients call the runtime, which reproduces the reference kernels
// bitwise (NaN windows included).
TEST(DenseCallLoweringTest, PoolsAndTheirGradientsCallTheRuntimeBitwise) {
  for (const std::string padding : {"VALID", "SAME"}) {
    const TensorShape xs({2, 9, 7, 3});
    const std::vector<int64_t> ksize = {1, 3, 2, 1}, strides = {1, 2, 2, 1};
    Scope shapes = Scope::NewRootScope();
    Output py = ops::MaxPool(shapes, ops::Placeholder(shapes, DT_FLOAT, {.shape = xs.AsPartial()}),
                             ksize, strides, padding);
    const TensorShape ps = *TensorShape::FromPartial(py.shape());
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = xs.AsPartial()});
    Output g = ops::Placeholder(root.WithOpName("g"), DT_FLOAT, {.shape = ps.AsPartial()});
    Output max = ops::MaxPool(root.WithOpName("max"), x, ksize, strides, padding);
    ops::MaxPoolGrad(root.WithOpName("dmax"), x, max, g, ksize, strides, padding);
    ops::AvgPool(root.WithOpName("avg"), x, ksize, strides, padding);
    ops::AvgPoolGrad(root.WithOpName("davg"), ops::Const(root, {2, 9, 7, 3}), g, ksize, strides,
                     padding);
    ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
    SCOPED_TRACE(padding);
    Tensor xv = RandomTensor(DT_FLOAT, xs, 41);
    xv.data<float>()[7] = std::numeric_limits<float>::quiet_NaN();
    const std::vector<FeedSpec> feeds = {{"x", DT_FLOAT, xs}, {"g", DT_FLOAT, ps}};
    const std::vector<Tensor> values = {xv, RandomTensor(DT_FLOAT, ps, 42)};
    ExpectCalls(graph, feeds, values,
                {{"max", "rill_rt_max_pool"},
                 {"dmax", "rill_rt_max_pool_grad"},
                 {"avg", "rill_rt_avg_pool"},
                 {"davg", "rill_rt_avg_pool_grad"}});
  }
}

// CompileOptions.num_threads reaches the generated calls: they pass the process's shared pool
// of that many threads (its address is a constant in the IR).
TEST(DenseCallLoweringTest, CallsPassTheSharedPoolOfTheRequestedThreadCount) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, {.shape = {4, 4}});
  ops::MatMul(root.WithOpName("mm"), a, a);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  for (int threads : {1, 3}) {
    const Tensor value = RandomTensor(DT_FLOAT, TensorShape({4, 4}), 9);
    const std::string ir = CompileAndRun(g, {{"a", DT_FLOAT, TensorShape({4, 4})}}, {value},
                                         "mm", threads)
                               .ir;
    const auto address = reinterpret_cast<uintptr_t>(runtime::SharedThreadPool(threads));
    EXPECT_THAT(ir, HasSubstr(absl::StrCat("inttoptr (i64 ", address, " to ptr)")))
        << threads << " threads";
  }
}

// A hand-written fused node whose bias does not match the output channels is not lowered (the
// runtime would read past the bias): its reference kernel runs and reports the error.
TEST(DenseCallLoweringTest, FusedMatMulWithAMismatchedBiasStaysOnTheReferenceKernel) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, {.shape = {4, 5}});
  Output b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, {.shape = {3}});
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  NodeDef* fused = g.add_node();
  fused->set_name("fused");
  fused->set_op(kFusedMatMulOp);
  fused->add_input("a");
  fused->add_input("a");
  fused->add_input("b");
  (*fused->mutable_attr())["T"].set_type(DT_FLOAT);
  (*fused->mutable_attr())["transpose_b"].set_b(true);
  (*fused->mutable_attr())["num_args"].set_i(1);
  (*fused->mutable_attr())[kFusedOpsAttr].mutable_list()->add_s("BiasAdd");
  ASSERT_OK_AND_ASSIGN(auto exe, Compile(g,
                                         {{{"a", DT_FLOAT, TensorShape({4, 5})},
                                           {"b", DT_FLOAT, TensorShape({3})}},
                                          {"fused"},
                                          {}}));
  EXPECT_THAT(exe->compiled_nodes(), Not(Contains("fused")));
  EXPECT_THAT(exe->Run({RandomTensor(DT_FLOAT, TensorShape({4, 5}), 1),
                        RandomTensor(DT_FLOAT, TensorShape({3}), 2)},
                       0),
              rill::testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("bias must have shape [4]")));
}

TEST(DenseCallLoweringTest, BadThreadCountsAreRejected) {
  Scope root = Scope::NewRootScope();
  ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2}});
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  for (int threads : {-1, 5000}) {
    CompileOptions options;
    options.num_threads = threads;
    EXPECT_THAT(Compile(g, {{{"x", DT_FLOAT, TensorShape({2})}}, {"x"}, {}}, options),
                rill::testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("num_threads")));
  }
}

}  // namespace
}  // namespace rill::compiler
