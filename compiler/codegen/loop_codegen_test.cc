// Loop-emitter codegen through compiler::Compile: MatMul (all transposes), Sum (axes, keep_dims,
// negative and duplicate axes, all-axes) and Transpose run as native kernels and match the
// reference executor bitwise; a non-constant axes input falls back to the reference kernel.
// f32 MatMul, BatchMatMulV2 and the convolutions lower to runtime calls instead
// (dense_call_lowering_test): those cases are compared within testing::kDenseTolerance.
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/interpreter/interpreter.h"
#include "compiler/testing/compiled_numerics.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "graph/types.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/reduce_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

// Compiles `fetch` of `g` with the given feeds, runs it, compares with the interpreter (bitwise,
// or within the dense tolerance for f32 MatMul / convolutions) and checks that `compiled` ran
// natively.
void ExpectCompiledNodeMatches(const GraphDef& g, const std::vector<FeedSpec>& feeds,
                               const std::vector<Tensor>& values, const std::string& fetch,
                               const std::string& compiled) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe, Compile(g, {feeds, {fetch}, {}}));
  EXPECT_THAT(exe->compiled_nodes(), Contains(compiled));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, exe->Run(values, 0));
  EXPECT_THAT(exe->last_run_stats().reference_nodes, Not(Contains(compiled)));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(g));
  std::vector<Feed> named;
  for (size_t i = 0; i < feeds.size(); ++i) named.emplace_back(feeds[i].name, values[i]);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run(named, {fetch}));
  EXPECT_TRUE(rill::testing::MatchesReference(g, got[0], want[0]));
}

TEST(LoopCodegenTest, MatMulAllTransposesAndAwkwardSizes) {
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      for (auto [m, k, n] : {std::tuple<int64_t, int64_t, int64_t>{1, 1, 1}, {7, 17, 3},
                             {17, 33, 9}}) {
        Scope root = Scope::NewRootScope();
        const TensorShape sa = ta ? TensorShape({k, m}) : TensorShape({m, k});
        const TensorShape sb = tb ? TensorShape({n, k}) : TensorShape({k, n});
        Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, {.shape = sa.AsPartial()});
        Output b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, {.shape = sb.AsPartial()});
        ops::MatMul(root.WithOpName("mm"), a, b, {.transpose_a = ta, .transpose_b = tb});
        ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
        SCOPED_TRACE(::testing::PrintToString(std::vector<int64_t>{ta, tb, m, k, n}));
        ExpectCompiledNodeMatches(g, {{"a", DT_FLOAT, sa}, {"b", DT_FLOAT, sb}},
                                  {RandomTensor(DT_FLOAT, sa, 1), RandomTensor(DT_FLOAT, sb, 2)},
                                  "mm", "mm");
      }
    }
  }
}

TEST(LoopCodegenTest, IntegerMatMulWraps) {
  Scope root = Scope::NewRootScope();
  Output a = ops::Const(root.WithOpName("a"), std::vector<int32_t>{2147483647, 2, 3, 4},
                        TensorShape({2, 2}));
  Output x = ops::Placeholder(root.WithOpName("x"), DT_INT32, {.shape = {2, 2}});
  ops::MatMul(root.WithOpName("mm"), a, x);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ExpectCompiledNodeMatches(g, {{"x", DT_INT32, TensorShape({2, 2})}},
                            {MakeTensor<int32_t>({2, 2}, {5, -6, 7, 8})}, "mm", "mm");
}

TEST(LoopCodegenTest, SumOverAxesMatchesTheKernelsOrder) {
  struct Case {
    std::vector<int32_t> axes;
    bool keep_dims;
  };
  for (const Case& c : {Case{{0}, false}, Case{{1}, true}, Case{{-1}, false}, Case{{0, 2}, false},
                        Case{{2, 0, 2}, true}, Case{{0, 1, 2}, false}, Case{{}, false}}) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {7, 5, 17}});
    Output axes = ops::Const(root.WithOpName("axes"), c.axes,
                             TensorShape({static_cast<int64_t>(c.axes.size())}));
    ops::Sum(root.WithOpName("sum"), x, axes, {.keep_dims = c.keep_dims});
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    SCOPED_TRACE(::testing::PrintToString(c.axes));
    const TensorShape shape({7, 5, 17});
    ExpectCompiledNodeMatches(g, {{"x", DT_FLOAT, shape}},
                              {RandomTensor(DT_FLOAT, shape, 3, -100, 100)}, "sum", "sum");
  }
}

TEST(LoopCodegenTest, MaxMinProdMatchTheKernelsFoldIncludingNaNAndIntegerExtremes) {
  using Builder = Output (*)(const Scope&, const Output&, const Output&, const ops::ReductionAttrs&);
  const std::vector<std::pair<std::string, Builder>> reductions = {
      {"Max", ops::Max}, {"Min", ops::Min}, {"Prod", ops::Prod}, {"Sum", ops::Sum}};
  for (const auto& [name, build] : reductions) {
    for (DataType dtype : {DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_UINT8}) {
      Scope root = Scope::NewRootScope();
      Output x = ops::Placeholder(root.WithOpName("x"), dtype, {.shape = {5, 7}});
      build(root.WithOpName("r"), x, ops::Const(root.WithOpName("axes"), {1}), {});
      ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
      Tensor v = RandomTensor(dtype, TensorShape({5, 7}), 5, -3, 3);
      if (dtype == DT_FLOAT) {
        v.data<float>()[3] = std::numeric_limits<float>::quiet_NaN();  // row 0 becomes NaN
        v.data<float>()[8] = -std::numeric_limits<float>::infinity();
      }
      if (dtype == DT_INT64) {
        v.data<int64_t>()[0] = std::numeric_limits<int64_t>::max();
        v.data<int64_t>()[7] = std::numeric_limits<int64_t>::lowest();
      }
      SCOPED_TRACE(name + " " + DataTypeString(dtype));
      ExpectCompiledNodeMatches(g, {{"x", dtype, TensorShape({5, 7})}}, {v}, "r", "r");
    }
  }
}

TEST(LoopCodegenTest, BiasAddGradSumsRowsInTheKernelsOrder) {
  Scope root = Scope::NewRootScope();
  Output g = ops::Placeholder(root.WithOpName("g"), DT_FLOAT, {.shape = {3, 4, 5, 6}});
  ops::BiasAddGrad(root.WithOpName("db"), g);
  ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
  const TensorShape shape({3, 4, 5, 6});
  ExpectCompiledNodeMatches(graph, {{"g", DT_FLOAT, shape}},
                            {RandomTensor(DT_FLOAT, shape, 11, -50, 50)}, "db", "db");
}

TEST(LoopCodegenTest, Conv2DAndMaxPoolMatchTheKernels) {
  struct Case {
    std::vector<int64_t> strides;
    std::string padding;
    std::vector<int64_t> dilations;
  };
  for (const Case& k : {Case{{1, 1, 1, 1}, "VALID", {1, 1, 1, 1}},
                        Case{{1, 2, 2, 1}, "SAME", {1, 1, 1, 1}},
                        Case{{1, 1, 1, 1}, "SAME", {1, 2, 2, 1}}}) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 9, 7, 3}});
    Output f = ops::Placeholder(root.WithOpName("f"), DT_FLOAT, {.shape = {3, 2, 3, 4}});
    Output conv = ops::Conv2D(root.WithOpName("conv"), x, f, k.strides, k.padding,
                              {.dilations = k.dilations});
    ops::MaxPool(root.WithOpName("pool"), conv, {1, 3, 2, 1}, k.strides, k.padding);
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    SCOPED_TRACE(k.padding);
    Tensor xv = RandomTensor(DT_FLOAT, TensorShape({2, 9, 7, 3}), 21, -2, 2);
    xv.data<float>()[5] = std::numeric_limits<float>::quiet_NaN();
    xv.data<float>()[40] = -0.0f;
    const std::vector<FeedSpec> feeds = {{"x", DT_FLOAT, TensorShape({2, 9, 7, 3})},
                                         {"f", DT_FLOAT, TensorShape({3, 2, 3, 4})}};
    const std::vector<Tensor> values = {xv, RandomTensor(DT_FLOAT, TensorShape({3, 2, 3, 4}), 22)};
    ExpectCompiledNodeMatches(g, feeds, values, "conv", "conv");
    ExpectCompiledNodeMatches(g, feeds, values, "pool", "pool");
  }
}

TEST(LoopCodegenTest, Conv2DBackpropInputAndFilterGatherInTheKernelsOrder) {
  struct Case {
    std::vector<int64_t> strides;
    std::string padding;
    std::vector<int64_t> dilations;
  };
  for (const Case& k : {Case{{1, 1, 1, 1}, "VALID", {1, 1, 1, 1}},
                        Case{{1, 2, 3, 1}, "SAME", {1, 1, 1, 1}},
                        Case{{1, 1, 1, 1}, "SAME", {1, 2, 2, 1}}}) {
    // Output geometry from a forward graph's shape inference.
    Scope shapes = Scope::NewRootScope();
    Output fx = ops::Placeholder(shapes, DT_FLOAT, {.shape = {2, 9, 7, 3}});
    Output ff = ops::Placeholder(shapes, DT_FLOAT, {.shape = {3, 2, 3, 4}});
    Output fy = ops::Conv2D(shapes, fx, ff, k.strides, k.padding, {.dilations = k.dilations});
    ASSERT_TRUE(fy.shape().IsFullyDefined()) << fy.shape().DebugString();
    const TensorShape gshape = *TensorShape::FromPartial(fy.shape());

    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 9, 7, 3}});
    Output f = ops::Placeholder(root.WithOpName("f"), DT_FLOAT, {.shape = {3, 2, 3, 4}});
    Output grad = ops::Placeholder(root.WithOpName("g"), DT_FLOAT, {.shape = gshape.AsPartial()});
    ops::Conv2DBackpropInput(root.WithOpName("dx"), ops::Const(root, {2, 9, 7, 3}), f, grad,
                             k.strides, k.padding, {.dilations = k.dilations});
    ops::Conv2DBackpropFilter(root.WithOpName("dk"), x, ops::Const(root, {3, 2, 3, 4}), grad,
                              k.strides, k.padding, {.dilations = k.dilations});
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    SCOPED_TRACE(k.padding);
    const std::vector<FeedSpec> feeds = {{"x", DT_FLOAT, TensorShape({2, 9, 7, 3})},
                                         {"f", DT_FLOAT, TensorShape({3, 2, 3, 4})},
                                         {"g", DT_FLOAT, gshape}};
    const std::vector<Tensor> values = {RandomTensor(DT_FLOAT, TensorShape({2, 9, 7, 3}), 31),
                                        RandomTensor(DT_FLOAT, TensorShape({3, 2, 3, 4}), 32),
                                        RandomTensor(DT_FLOAT, gshape, 33)};
    ExpectCompiledNodeMatches(g, feeds, values, "dx", "dx");
    ExpectCompiledNodeMatches(g, feeds, values, "dk", "dk");
  }
}

TEST(LoopCodegenTest, MaxPoolGradRoutesEachGradToItsWindowsWinner) {
  struct Case {
    std::vector<int64_t> ksize, strides;
    std::string padding;
  };
  for (const Case& k : {Case{{1, 2, 2, 1}, {1, 2, 2, 1}, "VALID"},
                        Case{{1, 3, 3, 1}, {1, 1, 1, 1}, "SAME"},
                        Case{{1, 3, 2, 1}, {1, 2, 1, 1}, "SAME"}}) {
    Scope shapes = Scope::NewRootScope();
    Output px = ops::Placeholder(shapes, DT_FLOAT, {.shape = {2, 7, 6, 3}});
    Output py = ops::MaxPool(shapes, px, k.ksize, k.strides, k.padding);
    const TensorShape pooled = *TensorShape::FromPartial(py.shape());

    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 7, 6, 3}});
    Output y = ops::MaxPool(root.WithOpName("y"), x, k.ksize, k.strides, k.padding);
    Output g = ops::Placeholder(root.WithOpName("g"), DT_FLOAT, {.shape = pooled.AsPartial()});
    ops::MaxPoolGrad(root.WithOpName("dx"), x, y, g, k.ksize, k.strides, k.padding);
    ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
    SCOPED_TRACE(k.padding);
    // Small integers make ties (first maximum wins) and a NaN sticks.
    Tensor xv = RandomTensor(DT_FLOAT, TensorShape({2, 7, 6, 3}), 41, -3, 3);
    for (int64_t i = 0; i < xv.num_elements(); ++i) xv.data<float>()[i] = std::round(xv.data<float>()[i]);
    xv.data<float>()[10] = std::numeric_limits<float>::quiet_NaN();
    ExpectCompiledNodeMatches(graph,
                              {{"x", DT_FLOAT, TensorShape({2, 7, 6, 3})}, {"g", DT_FLOAT, pooled}},
                              {xv, RandomTensor(DT_FLOAT, pooled, 42)}, "dx", "dx");
  }
}

TEST(LoopCodegenTest, AvgPoolAndItsGradientCountOnlyInBoundsTaps) {
  struct Case {
    std::vector<int64_t> ksize, strides;
    std::string padding;
  };
  for (const Case& k : {Case{{1, 2, 2, 1}, {1, 2, 2, 1}, "VALID"},
                        Case{{1, 3, 3, 1}, {1, 1, 1, 1}, "SAME"},
                        Case{{1, 3, 2, 1}, {1, 2, 1, 1}, "SAME"}}) {
    Scope shapes = Scope::NewRootScope();
    Output px = ops::Placeholder(shapes, DT_FLOAT, {.shape = {2, 7, 6, 3}});
    const TensorShape pooled =
        *TensorShape::FromPartial(ops::AvgPool(shapes, px, k.ksize, k.strides, k.padding).shape());

    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 7, 6, 3}});
    ops::AvgPool(root.WithOpName("y"), x, k.ksize, k.strides, k.padding);
    Output g = ops::Placeholder(root.WithOpName("g"), DT_FLOAT, {.shape = pooled.AsPartial()});
    ops::AvgPoolGrad(root.WithOpName("dx"), ops::Const(root, {2, 7, 6, 3}), g, k.ksize, k.strides,
                     k.padding);
    ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
    SCOPED_TRACE(k.padding);
    const std::vector<FeedSpec> feeds = {{"x", DT_FLOAT, TensorShape({2, 7, 6, 3})},
                                         {"g", DT_FLOAT, pooled}};
    const std::vector<Tensor> values = {RandomTensor(DT_FLOAT, TensorShape({2, 7, 6, 3}), 51),
                                        RandomTensor(DT_FLOAT, pooled, 52)};
    ExpectCompiledNodeMatches(graph, feeds, values, "y", "y");
    ExpectCompiledNodeMatches(graph, feeds, values, "dx", "dx");
  }
}

TEST(LoopCodegenTest, DataMovementOpsRunNatively) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {3, 1, 4}});
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = {3, 2, 4}});
  Output s = ops::Placeholder(root.WithOpName("s"), DT_FLOAT, {.shape = {}});
  auto ints = [&](std::vector<int32_t> v, TensorShape shape) { return ops::Const(root, v, shape); };
  ops::BroadcastTo(root.WithOpName("broadcast_to"), x, ints({2, 3, 5, 4}, TensorShape({4})));
  ops::Tile(root.WithOpName("tile"), x, ints({2, 3, 1}, TensorShape({3})));
  ops::Pad(root.WithOpName("pad"), y, ints({1, 0, 0, 2, 1, 1}, TensorShape({3, 2})));
  ops::PadV2(root.WithOpName("pad_v2"), y, ints({0, 1, 2, 0, 0, 3}, TensorShape({3, 2})), s);
  ops::Slice(root.WithOpName("slice"), y, ints({1, 0, 1}, TensorShape({3})),
             ints({2, 2, 2}, TensorShape({3})));
  ops::Fill(root.WithOpName("fill"), ints({2, 3}, TensorShape({2})), s);
  ops::ConcatV2(root.WithOpName("concat"), {x, y, x}, ops::Const(root, 1));
  ops::Pack(root.WithOpName("pack"), {y, y, y}, {.axis = -2});
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  const std::vector<FeedSpec> feeds = {{"x", DT_FLOAT, TensorShape({3, 1, 4})},
                                       {"y", DT_FLOAT, TensorShape({3, 2, 4})},
                                       {"s", DT_FLOAT, TensorShape({})}};
  const std::vector<Tensor> values = {RandomTensor(DT_FLOAT, TensorShape({3, 1, 4}), 61),
                                      RandomTensor(DT_FLOAT, TensorShape({3, 2, 4}), 62),
                                      MakeTensor<float>({}, {-7.5f})};
  for (const char* op :
       {"broadcast_to", "tile", "pad", "pad_v2", "slice", "fill", "concat", "pack"}) {
    SCOPED_TRACE(op);
    ExpectCompiledNodeMatches(g, feeds, values, op, op);
  }
}

TEST(LoopCodegenTest, ArgMaxArgMinFirstBestWinsAndNaNSticks) {
  for (DataType dtype : {DT_FLOAT, DT_INT32, DT_BOOL}) {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), dtype, {.shape = {4, 6}});
    ops::ArgMax(root.WithOpName("argmax"), x, ops::Const(root, 1), {});
    ops::ArgMin(root.WithOpName("argmin"), x, ops::Const(root, -2), {.output_type = DT_INT32});
    ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
    Tensor v = dtype == DT_BOOL ? *Tensor::Create(DT_BOOL, TensorShape({4, 6}))
                                : RandomTensor(dtype, TensorShape({4, 6}), 71, -2, 2);
    if (dtype == DT_BOOL) {
      for (int64_t i = 0; i < v.num_elements(); ++i) v.data<bool>()[i] = (i * 7 % 5) == 1;
    }
    if (dtype == DT_FLOAT) {
      for (int64_t i = 0; i < v.num_elements(); ++i) v.data<float>()[i] = std::round(v.data<float>()[i]);
      v.data<float>()[8] = std::numeric_limits<float>::quiet_NaN();
    }
    SCOPED_TRACE(DataTypeString(dtype));
    for (const char* op : {"argmax", "argmin"}) {
      ExpectCompiledNodeMatches(g, {{"x", dtype, TensorShape({4, 6})}}, {v}, op, op);
    }
  }
}

TEST(LoopCodegenTest, BatchMatMulBroadcastsBatchesAndAdjoints) {
  for (bool adj_x : {false, true}) {
    for (bool adj_y : {false, true}) {
      Scope root = Scope::NewRootScope();
      const TensorShape xs = adj_x ? TensorShape({2, 1, 5, 3}) : TensorShape({2, 1, 3, 5});
      const TensorShape ys = adj_y ? TensorShape({4, 7, 5}) : TensorShape({4, 5, 7});
      Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = xs.AsPartial()});
      Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = ys.AsPartial()});
      ops::BatchMatMulV2(root.WithOpName("bmm"), x, y, {.adj_x = adj_x, .adj_y = adj_y});
      ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
      ExpectCompiledNodeMatches(g, {{"x", DT_FLOAT, xs}, {"y", DT_FLOAT, ys}},
                                {RandomTensor(DT_FLOAT, xs, 81), RandomTensor(DT_FLOAT, ys, 82)},
                                "bmm", "bmm");
    }
  }
}

TEST(LoopCodegenTest, SumWithFedAxesRunsOnTheReferenceKernel) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {2, 3}});
  Output axes = ops::Placeholder(root.WithOpName("axes"), DT_INT32, {.shape = {1}});
  ops::Sum(root.WithOpName("sum"), x, axes);
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<Executable> exe,
      Compile(g, {{{"x", DT_FLOAT, TensorShape({2, 3})}, {"axes", DT_INT32, TensorShape({1})}},
                  {"sum"},
                  {}}));
  EXPECT_THAT(exe->compiled_nodes(), Not(Contains("sum")));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       exe->Run({MakeTensor<float>({2, 3}, {1, 2, 3, 4, 5, 6}),
                                 MakeTensor<int32_t>({1}, {1})},
                                0));
  EXPECT_THAT(out[0], testing::TensorEq(MakeTensor<float>({2}, {6, 15})));
  EXPECT_THAT(exe->last_run_stats().reference_nodes, Contains("sum"));
}

TEST(LoopCodegenTest, TransposeWithConstantPerm) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = {3, 1, 4, 5}});
  ops::Transpose(root.WithOpName("t"), x, ops::Const(root, {2, 0, 3, 1}));
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  const TensorShape shape({3, 1, 4, 5});
  ExpectCompiledNodeMatches(g, {{"x", DT_DOUBLE, shape}}, {RandomTensor(DT_DOUBLE, shape, 4)}, "t",
                            "t");
}

}  // namespace
}  // namespace rill::compiler
