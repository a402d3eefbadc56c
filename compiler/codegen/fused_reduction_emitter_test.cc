// Producers fused into reductions, through compiler::Compile: the fused graph runs as one native
// kernel and is bitwise equal to the same graph compiled unfused (the producer fetched too, so it
// keeps its own kernel and buffer) and to the reference executor, over NaN, ±Inf, -0.0, awkward
// sizes, keep_dims, negative axes, all axes and none.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/codegen/fused_reduction_emitter.h"
#include "compiler/compile.h"
#include "compiler/interpreter/interpreter.h"
#include "compiler/testing/compiled_numerics.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "ops/op_registry.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/reduce_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Contains;
using ::testing::Not;

// Random values with NaN, +Inf, -Inf, -0.0 and 0.0 planted at fixed positions (where they fit).
Tensor SpecialTensor(DataType dtype, const TensorShape& shape, uint64_t seed) {
  Tensor t = RandomTensor(dtype, shape, seed, -2.0, 2.0);
  const double specials[] = {std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(), -0.0, 0.0};
  const int64_t n = t.num_elements();
  for (int i = 0; i < 5 && n > 1; ++i) {
    const int64_t at = (seed * 7 + static_cast<uint64_t>(i) * 13) % n;
    if (dtype == DT_FLOAT) t.data<float>()[at] = static_cast<float>(specials[i]);
    if (dtype == DT_DOUBLE) t.data<double>()[at] = specials[i];
  }
  return t;
}

struct Case {
  GraphDef graph;
  std::vector<FeedSpec> feeds;
  std::vector<Tensor> values;
  std::string fetch;     // the reduction
  std::string producer;  // its element-wise producer (fetched too for the unfused compile)
};

// Bitwise, except that a NaN matches any NaN (sign and payload): LLVM does not keep a NaN's sign
// through fneg/fmul rewrites (fneg(x * b) -> x * -b once b is loop-invariant), so only where such
// a rewrite happens — Neg of a product — are the NaN bits allowed to differ.
::testing::AssertionResult EqualUpToNanBits(const Tensor& got, const Tensor& want) {
  if (got.BitwiseEqual(want)) return ::testing::AssertionSuccess();
  if (got.dtype() != DT_DOUBLE || want.dtype() != DT_DOUBLE || got.shape() != want.shape()) {
    return ::testing::AssertionFailure() << got.DebugString() << " vs " << want.DebugString();
  }
  for (int64_t i = 0; i < got.num_elements(); ++i) {
    const double g = got.data<double>()[i], w = want.data<double>()[i];
    if (std::isnan(g) && std::isnan(w)) continue;
    if (std::memcmp(&g, &w, sizeof(double)) != 0) {
      return ::testing::AssertionFailure() << "element " << i << ": " << g << " vs " << w;
    }
  }
  return ::testing::AssertionSuccess();
}

// Fused: one kernel that is the fused reduction; bitwise the unfused compile and the reference.
void ExpectFusedMatches(const Case& c, bool nan_bits_may_differ = false,
                        bool reference_within_tolerance = false) {
  auto equal = [&](const Tensor& a, const Tensor& b) {
    return nan_bits_may_differ ? EqualUpToNanBits(a, b)
                               : ::testing::AssertionResult(a.BitwiseEqual(b));
  };
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> fused, Compile(c.graph, {c.feeds, {c.fetch}, {}}));
  EXPECT_THAT(fused->compiled_nodes(), Contains(c.fetch));
  EXPECT_THAT(fused->compiled_nodes(), Not(Contains(c.producer)));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, fused->Run(c.values, 0));
  EXPECT_EQ(fused->last_run_stats().compiled_kernels_run, 1);
  EXPECT_THAT(fused->last_run_stats().reference_nodes, Not(Contains(c.fetch)));

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> unfused,
                       Compile(c.graph, {c.feeds, {c.fetch, c.producer}, {}}));
  EXPECT_THAT(unfused->compiled_nodes(), Contains(c.producer));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> separate, unfused->Run(c.values, 0));
  EXPECT_TRUE(equal(got[0], separate[0]))
      << got[0].DebugString(40) << "\nvs unfused\n" << separate[0].DebugString(40);

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(c.graph));
  std::vector<Feed> named;
  for (size_t i = 0; i < c.feeds.size(); ++i) named.emplace_back(c.feeds[i].name, c.values[i]);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run(named, {c.fetch}));
  if (reference_within_tolerance) {
    EXPECT_TRUE(rill::testing::MatchesReference(c.graph, got[0], want[0]));
  } else {
    EXPECT_TRUE(equal(got[0], want[0]))
        << got[0].DebugString(40) << "\nvs reference\n" << want[0].DebugString(40);
  }
}

TEST(FusedReductionTest, SumOfSquaredDifferenceOverAxesAndSizes) {
  const std::vector<std::vector<int32_t>> axes_cases = {{1}, {-1}, {0}, {0, 1}, {-2, 1}, {}};
  for (int64_t n : {1, 7, 17, 1023}) {
    for (const std::vector<int32_t>& axes : axes_cases) {
      for (bool keep_dims : {false, true}) {
        Scope root = Scope::NewRootScope();
        const TensorShape shape({3, n});
        Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = shape.AsPartial()});
        Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT, {.shape = shape.AsPartial()});
        Output sq = ops::Square(root.WithOpName("sq"), ops::Sub(root.WithOpName("d"), x, y));
        Output ax = ops::Const(root.WithOpName("axes"), axes, TensorShape({static_cast<int64_t>(axes.size())}));
        ops::Sum(root.WithOpName("loss"), sq, ax, {.keep_dims = keep_dims});
        ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
        SCOPED_TRACE(::testing::PrintToString(std::vector<int64_t>{n, keep_dims, static_cast<int64_t>(axes.size())}));
        ExpectFusedMatches({g,
                            {{"x", DT_FLOAT, shape}, {"y", DT_FLOAT, shape}},
                            {SpecialTensor(DT_FLOAT, shape, n), SpecialTensor(DT_FLOAT, shape, n + 1)},
                            "loss",
                            "sq"});
      }
    }
  }
}

TEST(FusedReductionTest, ExtremaProdAndArgMaxKeepNanInfAndSignedZero) {
  for (int64_t n : {1, 7, 17}) {
    const TensorShape shape({n, 5});
    for (const std::string op : {"Max", "Min", "Prod", "ArgMax", "ArgMin"}) {
      Scope root = Scope::NewRootScope();
      Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = shape.AsPartial()});
      Output b = ops::Placeholder(root.WithOpName("b"), DT_DOUBLE, {.shape = {5}});
      // A broadcast operand stays a kernel input of the fused node.
      Output p = ops::Sub(root.WithOpName("p"), ops::Mul(root.WithOpName("m"), x, b), x);
      Output ax = ops::Const(root.WithOpName("axes"), int32_t{0});
      if (op == "Max") ops::Max(root.WithOpName("r"), p, ax);
      if (op == "Min") ops::Min(root.WithOpName("r"), p, ax);
      if (op == "Prod") ops::Prod(root.WithOpName("r"), p, ax);
      if (op == "ArgMax") ops::ArgMax(root.WithOpName("r"), p, ax);
      if (op == "ArgMin") ops::ArgMin(root.WithOpName("r"), p, ax);
      ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
      SCOPED_TRACE(op + " n=" + std::to_string(n));
      ExpectFusedMatches({g,
                          {{"x", DT_DOUBLE, shape}, {"b", DT_DOUBLE, TensorShape({5})}},
                          {SpecialTensor(DT_DOUBLE, shape, n + 3), SpecialTensor(DT_DOUBLE, TensorShape({5}), 2)},
                          "r",
                          "p"});
    }
  }
}

TEST(FusedReductionTest, MaxOfNegatedProductAgreesUpToNanSign) {
  const TensorShape shape({17, 5});
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, {.shape = shape.AsPartial()});
  Output b = ops::Placeholder(root.WithOpName("b"), DT_DOUBLE, {.shape = {5}});
  Output p = ops::Neg(root.WithOpName("p"), ops::Mul(root.WithOpName("m"), x, b));
  ops::Max(root.WithOpName("r"), p, ops::Const(root.WithOpName("axes"), int32_t{0}));
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ExpectFusedMatches({g,
                      {{"x", DT_DOUBLE, shape}, {"b", DT_DOUBLE, TensorShape({5})}},
                      {SpecialTensor(DT_DOUBLE, shape, 4), SpecialTensor(DT_DOUBLE, TensorShape({5}), 2)},
                      "r",
                      "p"},
                     /*nan_bits_may_differ=*/true);
}

TEST(FusedReductionTest, IntegerSumWrapsLikeTheUnfusedKernels) {
  Scope root = Scope::NewRootScope();
  const TensorShape shape({4, 17});
  Output x = ops::Placeholder(root.WithOpName("x"), DT_INT32, {.shape = shape.AsPartial()});
  Output p = ops::Mul(root.WithOpName("p"), x, ops::Const(root.WithOpName("k"), int32_t{1 << 29}));
  ops::Sum(root.WithOpName("r"), p, ops::Const(root.WithOpName("axes"), int32_t{-1}));
  ASSERT_OK_AND_ASSIGN(GraphDef g, root.ToGraphDef());
  ExpectFusedMatches({g, {{"x", DT_INT32, shape}}, {RandomTensor(DT_INT32, shape, 5, -100, 100)}, "r", "p"});
}

TEST(FusedReductionTest, DoubleBiasAddGradOfReluGradIsOneKernel) {
  Scope root = Scope::NewRootScope();
  const TensorShape shape({2, 7, 3, 5});
  Output g = ops::Placeholder(root.WithOpName("g"), DT_DOUBLE, {.shape = shape.AsPartial()});
  Output a = ops::Placeholder(root.WithOpName("a"), DT_DOUBLE, {.shape = shape.AsPartial()});
  Output rg = ops::ReluGrad(root.WithOpName("rg"), g, a);
  ops::BiasAddGrad(root.WithOpName("db"), rg);
  ASSERT_OK_AND_ASSIGN(GraphDef def, root.ToGraphDef());
  ExpectFusedMatches({def,
                      {{"g", DT_DOUBLE, shape}, {"a", DT_DOUBLE, shape}},
                      {SpecialTensor(DT_DOUBLE, shape, 1), SpecialTensor(DT_DOUBLE, shape, 9)},
                      "db",
                      "rg"});
}

// f32 BiasAddGrad is runtime::ColumnSums unfused: the fused kernel follows its chunk order
// (1 chunk below 8192 rows, then up to 8: 12000 rows give 2, 40000 give 8), so it is bitwise the unfused compile; the reference
// kernel adds in plain row order (compared within compiled_numerics' stated tolerance).
TEST(FusedReductionTest, FloatBiasAddGradOfReluGradFollowsColumnSumsChunks) {
  for (const TensorShape& shape : {TensorShape({2, 7, 3, 5}), TensorShape({9001, 3}),
                                   TensorShape({2, 60, 100, 4}), TensorShape({40000, 3}),
                                   TensorShape({1, 1})}) {
    SCOPED_TRACE(shape.DebugString());
    Scope root = Scope::NewRootScope();
    Output g = ops::Placeholder(root.WithOpName("g"), DT_FLOAT, {.shape = shape.AsPartial()});
    Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, {.shape = shape.AsPartial()});
    Output rg = ops::ReluGrad(root.WithOpName("rg"), g, a);
    ops::BiasAddGrad(root.WithOpName("db"), rg);
    ASSERT_OK_AND_ASSIGN(GraphDef def, root.ToGraphDef());
    ExpectFusedMatches({def,
                        {{"g", DT_FLOAT, shape}, {"a", DT_FLOAT, shape}},
                        {SpecialTensor(DT_FLOAT, shape, 3), SpecialTensor(DT_FLOAT, shape, 8)},
                        "db",
                        "rg"},
                       /*nan_bits_may_differ=*/false, /*reference_within_tolerance=*/true);
  }
}

// A producer without an element emitter: the emitter answers Unimplemented (so the node runs its
// body on the reference kernels) and leaves no half-built function behind, split or not.
TEST(FusedReductionTest, ProducerWithoutEmitterIsUnimplementedAndLeavesNoFunction) {
  for (void* pool : {static_cast<void*>(nullptr), reinterpret_cast<void*>(uintptr_t{64})}) {
    codegen::FusedReductionSpec spec;
    spec.symbol = "k";
    OpDef* sig = spec.body.mutable_signature();
    sig->set_name("k");
    sig->add_input_arg()->set_name("in_0");
    sig->add_input_arg()->set_name("in_1");
    NodeDef* p = spec.body.add_node_def();
    p->set_name("p");
    p->set_op("Identity");
    p->add_input("in_0");
    (*p->mutable_attr())["T"].set_type(DT_FLOAT);
    NodeDef* r = spec.body.add_node_def();
    r->set_name("r");
    r->set_op("Sum");
    r->add_input("p:output:0");
    r->add_input("in_1");
    (*r->mutable_attr())["T"].set_type(DT_FLOAT);
    (*r->mutable_attr())["Tidx"].set_type(DT_INT32);
    (*r->mutable_attr())["keep_dims"].set_b(false);
    (*spec.body.mutable_ret())["out_0"] = "r:output:0";
    spec.inputs = {{DT_FLOAT, TensorShape({1024, 512})}, {DT_INT32, TensorShape({})}};
    spec.constants = {Tensor(), MakeTensor<int32_t>({}, {1})};
    spec.output = {DT_FLOAT, TensorShape({1024})};
    spec.thread_pool = pool;  // never run: only decides the split
    llvm::LLVMContext ctx;
    llvm::Module module("m", ctx);
    EXPECT_THAT(codegen::EmitFusedReductionKernel(spec, module, *OpRegistry::Global()).status(),
                StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("no element emitter")));
    if (llvm::Function* f = module.getFunction("k")) f->eraseFromParent();  // lower_graph's part
    EXPECT_EQ(module.getFunction("k_range"), nullptr);
    for (const llvm::Function& f : module) EXPECT_TRUE(f.isDeclaration()) << f.getName().str();
  }
}

}  // namespace
}  // namespace rill::compiler
