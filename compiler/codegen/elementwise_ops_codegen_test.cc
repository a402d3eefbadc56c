// Every registered element-wise op, compiled: for each dtype it declares that codegen handles, the
// node runs as a native kernel and gives bitwise the reference kernel's result on NaN, ±Inf, -0.0,
// denormals, huge values and integer extremes, at sizes 1, 7, 17, 1023 and broadcast shapes; and
// integer division errors come from compiled code with the kernel's message.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "graph/types.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"

namespace rill::compiler {
namespace {

using ::rill::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// Element-wise ops that have no element emitter, and why. The test fails for any other
// element-wise op without one, and for an op listed here that has gained a reference kernel.
const std::map<std::string, std::string>& NoEmitterAllowlist() {
  static const auto* list = new std::map<std::string, std::string>{
      {"SigmoidGrad", "composite (expand fn, no kernel): Compile expands it into Sub/Mul/OnesLike"},
      {"TanhGrad", "composite (expand fn, no kernel): Compile expands it into Sub/Mul/Square"},
  };
  return *list;
}

// Rewrites one integer input element (as int64; `lowest` is the dtype's lowest value) so that
// the op is defined on it: the error cases have their own test below.
using IntegerFixup = int64_t (*)(int input, int64_t value, int64_t lowest);

// One row per element-wise op with an emitter. Every row is compared bitwise: no op needs a
// tolerance (the emitted code calls the libm entry points the kernels' std:: calls reach, and LLVM
// gets no fast-math flags). Select (v1) is not element-wise (a vector condition picks rows, which
// is not a NumPy broadcast), so it is not enumerated here and stays on its reference kernel.
struct OpRow {
  // The inputs broadcast NumPy-style (else they all have one shape).
  bool broadcasts = false;
  // Copies of a list input (AddN's N).
  int list_size = 1;
  // Cast: skip SrcT == DstT (the simplifier may remove such casts, so the node would not run).
  bool skip_equal_types = false;
  IntegerFixup fixup = nullptr;
};

// Division ops: no zero divisor, no INT_MIN dividend (INT_MIN / -1).
int64_t NoZeroDivisorNoLowestDividend(int input, int64_t v, int64_t lowest) {
  if (input == 1 && v == 0) return 3;
  if (input == 0 && lowest < 0 && v == lowest) return v + 1;
  return v;
}
// FloorMod: only y = 0 is an error (INT_MIN mod -1 is 0).
int64_t NoZeroDivisor(int input, int64_t v, int64_t) { return input == 1 && v == 0 ? 3 : v; }
int64_t NonZero(int, int64_t v, int64_t) { return v == 0 ? 3 : v; }
// Pow: integer exponents must be >= 0.
int64_t NonNegativeExponent(int input, int64_t v, int64_t lowest) {
  return input == 1 && v < 0 ? (v == lowest ? 5 : -v) : v;
}

const std::map<std::string, OpRow>& OpTable() {
  static const auto* table = [] {
    const OpRow unary;
    const OpRow binary{.broadcasts = true};
    auto* t = new std::map<std::string, OpRow>{
        {"Abs", unary},
        {"Add", binary},
        {"AddN", {.list_size = 3}},
        {"AddV2", binary},
        {"Cast", {.skip_equal_types = true}},
        {"Div", {.broadcasts = true, .fixup = NoZeroDivisorNoLowestDividend}},
        {"Elu", unary},
        {"Equal", binary},
        {"Exp", unary},
        {"FloorDiv", {.broadcasts = true, .fixup = NoZeroDivisorNoLowestDividend}},
        {"FloorMod", {.broadcasts = true, .fixup = NoZeroDivisor}},
        {"Greater", binary},
        {"GreaterEqual", binary},
        {"Less", binary},
        {"LessEqual", binary},
        {"Log", unary},
        {"Log1p", unary},
        {"LogicalAnd", binary},
        {"LogicalNot", unary},
        {"LogicalOr", binary},
        {"Maximum", binary},
        {"Minimum", binary},
        {"Mul", binary},
        {"Neg", unary},
        {"NotEqual", binary},
        {"OnesLike", unary},
        {"Pow", {.broadcasts = true, .fixup = NonNegativeExponent}},
        {"RealDiv", binary},
        {"Reciprocal", {.fixup = NonZero}},
        {"Relu", unary},
        {"Relu6", unary},
        {"ReluGrad", {}},  // gradients and features have one shape
        {"Rsqrt", unary},
        {"SelectV2", binary},
        {"Sigmoid", unary},
        {"Sign", unary},
        {"Softplus", unary},
        {"Sqrt", unary},
        {"Square", unary},
        {"SquaredDifference", binary},
        {"Sub", binary},
        {"Tanh", unary},
        {"ZerosLike", unary},
    };
    return t;
  }();
  return *table;
}

std::vector<std::string> ElementwiseOpsWithEmitters() {
  std::vector<std::string> names;
  for (const OpRegistration* op : OpRegistry::Global()->List()) {
    if (op->is_elementwise() && !NoEmitterAllowlist().contains(op->name())) {
      names.push_back(op->name());
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Input values.

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
  return h;
}

template <typename T>
std::vector<T> FloatSpecials() {
  using L = std::numeric_limits<T>;
  const T exp_edge = sizeof(T) == 4 ? T(88.72) : T(709.78);
  // Cast edges: float -> int32 saturation at 2^31; double -> float rounding just above FLT_MAX
  // (to FLT_MAX) and at the halfway point to 2^128 (to infinity).
  T cast_edge = T(2147483648.0), cast_edge2 = T(-2147483904.0);
  if constexpr (sizeof(T) == 8) cast_edge = T(0x1.fffffefp127), cast_edge2 = T(-0x1.ffffffp127);
  return {L::quiet_NaN(), L::infinity(), -L::infinity(), T(-0.0), T(0.0), L::denorm_min(),
          -L::min(), L::max(), L::lowest(), T(1), T(-1), T(0.5), T(-2.5), exp_edge, -exp_edge,
          T(3e-39), cast_edge, cast_edge2};
}

template <typename T>
std::vector<T> IntegerSpecials() {
  using L = std::numeric_limits<T>;
  if constexpr (std::is_unsigned_v<T>) {
    return {T(0), T(1), T(2), L::max(), T(L::max() - 1), T(7), T(128), T(6)};
  } else {
    return {T(0), T(1), T(-1), T(2), T(-2), L::min(), L::max(), T(L::min() + 1), T(7), T(-7),
            T(6), T(31), T(-31), T(64), T(3), T(-3)};
  }
}

// A random value of T: floats from a wide range of magnitudes, integers small or anywhere.
template <typename T>
T RandomValue(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> coin(0, 1);
  if constexpr (std::is_same_v<T, bool>) {
    return coin(rng) == 1;
  } else if constexpr (std::is_floating_point_v<T>) {
    if (coin(rng) == 0) return static_cast<T>(std::uniform_real_distribution<double>(-8, 8)(rng));
    const double magnitude = std::exp2(std::uniform_real_distribution<double>(-60, 60)(rng));
    return static_cast<T>(coin(rng) == 0 ? magnitude : -magnitude);
  } else {
    using L = std::numeric_limits<T>;
    if (coin(rng) == 0) {
      return static_cast<T>(std::uniform_int_distribution<int>(L::is_signed ? -20 : 0, 20)(rng));
    }
    return static_cast<T>(std::uniform_int_distribution<int64_t>(L::min(), L::max())(rng));
  }
}

// Input `input` of a node: the special values first (shifted per input so that different pairs
// meet; in large inputs every pair of specials, then each special in all inputs at once), then
// random values.
template <typename T>
void FillInput(Tensor& t, int input, uint64_t seed, IntegerFixup fixup) {
  std::mt19937_64 rng(seed);
  T* d = t.data<T>();
  const int64_t n = t.num_elements();
  std::vector<T> specials;
  if constexpr (std::is_floating_point_v<T>) specials = FloatSpecials<T>();
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) specials = IntegerSpecials<T>();
  const int64_t s = static_cast<int64_t>(specials.size());
  for (int64_t i = 0; i < n; ++i) {
    if (s > 0 && n >= s * s + s && i < s * s) {
      d[i] = specials[input == 0 ? i / s : (i + (input - 1) * 5) % s];
    } else if (s > 0 && n >= s * s + s && i < s * s + s) {
      d[i] = specials[i - s * s];  // every input the same special (AddN's -0.0 + -0.0 + -0.0)
    } else if (s > 0 && n < s * s + s && i < s) {
      d[i] = specials[(i + 3 * input) % s];
    } else {
      d[i] = RandomValue<T>(rng);
    }
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (fixup != nullptr) {
        d[i] = static_cast<T>(fixup(input, static_cast<int64_t>(d[i]),
                                    static_cast<int64_t>(std::numeric_limits<T>::lowest())));
      }
    }
  }
}

Tensor MakeInput(DataType dtype, const TensorShape& shape, int input, uint64_t seed,
                 IntegerFixup fixup) {
  absl::StatusOr<Tensor> t = Tensor::Create(dtype, shape);
  RILL_CHECK(t.ok(), "test tensor");
  switch (dtype) {
    case DT_FLOAT: FillInput<float>(*t, input, seed, fixup); break;
    case DT_DOUBLE: FillInput<double>(*t, input, seed, fixup); break;
    case DT_INT32: FillInput<int32_t>(*t, input, seed, fixup); break;
    case DT_INT64: FillInput<int64_t>(*t, input, seed, fixup); break;
    case DT_UINT8: FillInput<uint8_t>(*t, input, seed, fixup); break;
    case DT_BOOL: FillInput<bool>(*t, input, seed, fixup); break;
    default: RILL_CHECK(false, "IsCompilableDtype admitted an unexpected dtype");
  }
  return *std::move(t);
}

// ---------------------------------------------------------------------------------------------
// Graph building.

// One assignment of the op's type attrs (e.g. {T: float}, or {SrcT: int32, DstT: bool}).
using TypeCombo = std::vector<std::pair<std::string, DataType>>;

// Every combination of the op's type attrs over the dtypes codegen handles.
std::vector<TypeCombo> TypeCombos(const OpRegistration& op, const OpRow& row) {
  std::vector<TypeCombo> combos = {{}};
  for (const OpDef::AttrDef& attr : op.def.attr()) {
    if (attr.type() != "type") continue;
    std::vector<DataType> allowed;
    if (attr.allowed_values().list().type_size() > 0) {
      for (int t : attr.allowed_values().list().type()) allowed.push_back(static_cast<DataType>(t));
    } else {
      allowed = {DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_UINT8, DT_BOOL};
    }
    std::vector<TypeCombo> next;
    for (const TypeCombo& combo : combos) {
      for (DataType t : allowed) {
        if (!IsCompilableDtype(t)) continue;
        if (row.skip_equal_types && !combo.empty() && combo.back().second == t) continue;
        TypeCombo c = combo;
        c.emplace_back(attr.name(), t);
        next.push_back(std::move(c));
      }
    }
    combos = std::move(next);
  }
  return combos;
}

std::string ComboName(const TypeCombo& combo) {
  std::string name;
  for (const auto& [attr, dtype] : combo) {
    absl::StrAppend(&name, name.empty() ? "" : "_to_", DataTypeString(dtype));
  }
  return name.empty() ? "bool" : name;
}

// The shape cases: each is one shape per input position (the last repeats for the others).
std::vector<std::pair<std::string, std::vector<TensorShape>>> ShapeCases(const OpRow& row) {
  std::vector<std::pair<std::string, std::vector<TensorShape>>> cases;
  for (int64_t n : {1, 7, 17, 1023}) cases.push_back({absl::StrCat("n", n), {TensorShape({n})}});
  if (row.broadcasts) {
    cases.push_back({"b_rows", {TensorShape({17, 3}), TensorShape({3}), TensorShape({17, 3})}});
    cases.push_back({"b_outer", {TensorShape({7, 1}), TensorShape({1, 5}), TensorShape({7, 5})}});
    cases.push_back({"b_scalar", {TensorShape(), TensorShape({9})}});
  }
  return cases;
}

// A graph with one node of `op_name` per dtype combination and shape case, each on its own
// Placeholders, with the feeds and values that run it.
struct OpGraph {
  GraphDef graph;
  std::vector<FeedSpec> feeds;
  std::vector<Tensor> values;
  std::vector<std::string> nodes;
};

absl::StatusOr<OpGraph> BuildOpGraph(const OpRegistration& op, const OpRow& row) {
  OpGraph out;
  Scope root = Scope::NewRootScope();
  for (const TypeCombo& combo : TypeCombos(op, row)) {
    for (const auto& [case_name, shapes] : ShapeCases(row)) {
      const std::string node = absl::StrCat(ComboName(combo), "_", case_name);
      OpBuilder builder(root.WithOpName(node), op.name());
      int position = 0;
      for (const OpDef::ArgDef& arg : op.def.input_arg()) {
        DataType dtype = arg.type();
        for (const auto& [attr, t] : combo) {
          if (attr == arg.type_attr()) dtype = t;
        }
        const int copies = arg.number_attr().empty() ? 1 : row.list_size;
        for (int k = 0; k < copies; ++k, ++position) {
          const TensorShape& shape = shapes[std::min<size_t>(position, shapes.size() - 1)];
          const std::string name = absl::StrCat(node, "/in", position);
          builder.Input(ops::Placeholder(root.WithOpName(name), dtype,
                                         {.shape = PartialShape(shape.dims())}));
          out.feeds.push_back({name, dtype, shape});
          out.values.push_back(MakeInput(dtype, shape, position, Fnv1a(name), row.fixup));
        }
      }
      for (const auto& [attr, t] : combo) builder.Attr(attr, t);
      for (const OpDef::AttrDef& attr : op.def.attr()) {
        if (attr.type() == "int" && attr.name() == "N") builder.Attr("N", row.list_size);
      }
      builder.Build();
      out.nodes.push_back(node);
    }
  }
  ASSIGN_OR_RETURN(out.graph, root.ToGraphDef());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tests.

// The first element whose bytes differ (-1 if none), for failure messages.
int64_t FirstDifference(const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype() || a.shape() != b.shape()) return 0;
  const int64_t size = DataTypeSize(a.dtype());
  const auto* x = static_cast<const unsigned char*>(a.raw_data());
  const auto* y = static_cast<const unsigned char*>(b.raw_data());
  for (int64_t i = 0; i < a.num_elements(); ++i) {
    if (std::memcmp(x + i * size, y + i * size, size) != 0) return i;
  }
  return -1;
}

class ElementwiseOpCodegenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ElementwiseOpCodegenTest, CompiledMatchesReferenceBitwise) {
  const std::string& name = GetParam();
  const OpRegistration* op = OpRegistry::Global()->Find(name);
  ASSERT_NE(op, nullptr);
  ASSERT_TRUE(op->element_emitter != nullptr)
      << name << " is element-wise but has no element emitter (or add it to the allowlist with a "
      << "reason)";
  auto row = OpTable().find(name);
  ASSERT_NE(row, OpTable().end()) << name << " has an element emitter but no row in OpTable()";

  ASSERT_OK_AND_ASSIGN(OpGraph g, BuildOpGraph(*op, row->second));
  ASSERT_FALSE(g.nodes.empty()) << name << ": no dtype that codegen handles";
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe, Compile(g.graph, {g.feeds, g.nodes, {}}));
  for (const auto& [node, why] : exe->not_lowered()) {
    EXPECT_THAT(g.nodes, Not(Contains(node))) << node << " was not lowered: " << why;
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, exe->Run(g.values, 0));
  // Every op node ran as a native kernel.
  for (const std::string& node : g.nodes) EXPECT_THAT(exe->compiled_nodes(), Contains(node));
  EXPECT_EQ(exe->last_run_stats().compiled_kernels_run, static_cast<int64_t>(g.nodes.size()));
  for (const std::string& node : g.nodes) {
    EXPECT_THAT(exe->last_run_stats().reference_nodes, Not(Contains(node)));
  }

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(g.graph));
  std::vector<Feed> feeds;
  for (size_t i = 0; i < g.feeds.size(); ++i) feeds.emplace_back(g.feeds[i].name, g.values[i]);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run(feeds, g.nodes));
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_TRUE(got[i].BitwiseEqual(want[i]))
        << name << " node " << g.nodes[i] << ": first difference at element "
        << FirstDifference(got[i], want[i]) << "\ncompiled:  " << got[i].DebugString(40)
        << "\nreference: " << want[i].DebugString(40);
  }
}

INSTANTIATE_TEST_SUITE_P(AllElementwiseOps, ElementwiseOpCodegenTest,
                         ::testing::ValuesIn(ElementwiseOpsWithEmitters()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(ElementwiseOpsCoverageTest, TableAndAllowlistMatchTheRegistry) {
  for (const auto& [name, row] : OpTable()) {
    const OpRegistration* op = OpRegistry::Global()->Find(name);
    ASSERT_NE(op, nullptr) << "OpTable() lists unregistered op " << name;
    EXPECT_TRUE(op->is_elementwise()) << name << " is in OpTable() but not element-wise";
  }
  for (const auto& [name, reason] : NoEmitterAllowlist()) {
    const OpRegistration* op = OpRegistry::Global()->Find(name);
    ASSERT_NE(op, nullptr) << "the allowlist names unregistered op " << name;
    EXPECT_TRUE(op->element_emitter == nullptr) << name << " has an emitter now: unlist it";
    EXPECT_TRUE(op->expand != nullptr && op->reference_kernel == nullptr)
        << name << " is allowlisted as a composite (" << reason << ") but is not one any more";
  }
  EXPECT_GE(ElementwiseOpsWithEmitters().size(), OpTable().size());
}

// A kernel error case: one node "op" on inputs x (and y).
struct ErrorCase {
  std::string op;
  Tensor x;
  Tensor y;  // invalid for unary ops
};

template <typename T>
Tensor Vec(std::vector<T> v) {
  absl::StatusOr<Tensor> t =
      Tensor::FromVector<T>(v, TensorShape({static_cast<int64_t>(v.size())}));
  RILL_CHECK(t.ok(), "test tensor");
  return *std::move(t);
}

TEST(ElementwiseOpsCodegenErrorTest, IntegerErrorsComeFromCompiledCodeWithTheKernelsMessage) {
  constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
  constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
  const std::vector<ErrorCase> cases = {
      {"Div", Vec<int32_t>({1, 2, 3, 4}), Vec<int32_t>({1, 1, 0, 1})},
      {"Div", Vec<int64_t>({1, kMin64, 3}), Vec<int64_t>({1, -1, 0})},  // the first error wins
      {"Div", Vec<int32_t>({kMin32, 5}), Vec<int32_t>({-1, 0})},
      {"Div", Vec<uint8_t>({1, 2}), Vec<uint8_t>({2, 0})},
      {"FloorDiv", Vec<int32_t>({-7, 3}), Vec<int32_t>({2, 0})},
      {"FloorDiv", Vec<int64_t>({kMin64}), Vec<int64_t>({-1})},
      {"FloorDiv", Vec<uint8_t>({9}), Vec<uint8_t>({0})},
      {"FloorMod", Vec<int32_t>({kMin32, 4}), Vec<int32_t>({-1, 0})},  // INT_MIN mod -1 is fine
      {"FloorMod", Vec<uint8_t>({9}), Vec<uint8_t>({0})},
      {"Reciprocal", Vec<int64_t>({2, 0, -1}), Tensor()},
      {"Pow", Vec<int32_t>({2, 2}), Vec<int32_t>({3, -1})},
      {"Pow", Vec<int64_t>({2}), Vec<int64_t>({-5})},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.op, " ", c.x.DebugString(), " ", c.y.DebugString()));
    Scope root = Scope::NewRootScope();
    OpBuilder builder(root.WithOpName("op"), c.op);
    std::vector<FeedSpec> feeds = {{"x", c.x.dtype(), c.x.shape()}};
    std::vector<Tensor> values = {c.x};
    builder.Input(ops::Placeholder(root.WithOpName("x"), c.x.dtype(),
                                   {.shape = PartialShape(c.x.shape().dims())}));
    if (c.y.valid()) {
      builder.Input(ops::Placeholder(root.WithOpName("y"), c.y.dtype(),
                                     {.shape = PartialShape(c.y.shape().dims())}));
      feeds.push_back({"y", c.y.dtype(), c.y.shape()});
      values.push_back(c.y);
    }
    builder.Build();
    ASSERT_OK_AND_ASSIGN(GraphDef graph, root.ToGraphDef());
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe, Compile(graph, {feeds, {"op"}, {}}));
    ASSERT_THAT(exe->compiled_nodes(), Contains("op"));

    absl::StatusOr<std::vector<Tensor>> got = exe->Run(values, 0);
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(graph));
    std::vector<Feed> named = {{"x", c.x}};
    if (c.y.valid()) named.emplace_back("y", c.y);
    absl::StatusOr<std::vector<Tensor>> want = ref->Run(named, {"op"});
    ASSERT_FALSE(want.ok());
    EXPECT_THAT(got, StatusIs(absl::StatusCode::kInvalidArgument,
                              HasSubstr(absl::StrCat("node 'op' (", c.op, "): "))));
    EXPECT_EQ(std::string(got.status().message()), std::string(want.status().message()));
    EXPECT_THAT(exe->last_run_stats().reference_nodes, Not(Contains("op")));
  }
}

}  // namespace
}  // namespace rill::compiler
