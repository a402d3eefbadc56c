// Test helpers shared by the element-wise math op tests (shape tables, gradient checks).
#include "ops/math/elementwise_test_util.h"

#include <memory>
#include <random>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Tensor Draw(const TensorShape& shape, const ValueRange& range, uint64_t seed) {
  return RandomTensor(DT_DOUBLE, shape, seed, range.lo, range.hi, range.min_abs);
}

// A shape that `shape` broadcasts with: some leading dims dropped, some dims set to 1.
TensorShape BroadcastPartner(const TensorShape& shape, std::mt19937_64& rng) {
  std::vector<int64_t> dims = shape.dims();
  const int drop = shape.rank() == 0 ? 0 : static_cast<int>(rng() % (shape.rank() + 1));
  dims.erase(dims.begin(), dims.begin() + drop);
  for (int64_t& d : dims) {
    if (rng() % 3 == 0) d = 1;
  }
  return *TensorShape::Create(dims);
}

}  // namespace

absl::StatusOr<std::vector<Tensor>> RunOpWithUnknownShapes(absl::string_view op,
                                                           const std::vector<Tensor>& inputs,
                                                           const OpAttrs& attrs) {
  Scope root = Scope::NewRootScope();
  OpBuilder builder(root.WithOpName("op"), op);
  std::vector<Feed> feeds;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Output input = ops::Placeholder(root.WithOpName(absl::StrCat("input_", i)), inputs[i].dtype());
    builder.Input(input);
    feeds.emplace_back(input.name(), inputs[i]);
  }
  for (const auto& [name, value] : attrs) builder.Attr(name, value);
  Operation node = builder.Build();
  RETURN_IF_ERROR(root.status());
  ASSIGN_OR_RETURN(GraphDef def, root.ToGraphDef());
  ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(def));
  std::vector<std::string> fetches;
  for (int k = 0; k < node.num_outputs(); ++k) fetches.push_back(node.output(k).name());
  return interpreter->Run(feeds, fetches);
}

void ExpectUnaryShapes(absl::string_view op, DataType dtype, const OpAttrs& attrs) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[2,3]", "[2,3]"}, {"[?,3]", "[?,3]"}, {"[]", "[]"},
      {"[0,2]", "[0,2]"}, {"[?]", "[?]"},     {"?", "<unknown>"}};
  for (const auto& [in, out] : cases) {
    SCOPED_TRACE(absl::StrCat(op, " ", DataTypeString(dtype), " ", in));
    EXPECT_THAT(InferOpShapes(op, {{dtype, in}}, attrs), HoldsValue(ElementsAre(out)));
  }
}

void ExpectBinaryBroadcastShapes(absl::string_view op, DataType dtype, const OpAttrs& attrs) {
  struct Case {
    std::string x, y, z;
  };
  const std::vector<Case> cases = {
      {"[2,3]", "[2,3]", "[2,3]"},     {"[2,3]", "[3]", "[2,3]"},   {"[3]", "[2,3]", "[2,3]"},
      {"[2,3]", "[]", "[2,3]"},        {"[]", "[]", "[]"},          {"[4,1]", "[1,5]", "[4,5]"},
      {"[5,1,3]", "[4,1]", "[5,4,3]"}, {"[?,3]", "[2,3]", "[2,3]"}, {"[?,3]", "[3]", "[?,3]"},
      {"[2,1]", "[?]", "[2,?]"},       {"?", "[2,3]", "<unknown>"}, {"[2,3]", "?", "<unknown>"},
      {"[0,3]", "[1,3]", "[0,3]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(op, " ", DataTypeString(dtype), " ", c.x, " with ", c.y));
    EXPECT_THAT(InferOpShapes(op, {{dtype, c.x}, {dtype, c.y}}, attrs),
                HoldsValue(ElementsAre(c.z)));
  }
  EXPECT_THAT(InferOpShapes(op, {{dtype, "[2,3]"}, {dtype, "[2]"}}, attrs),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): incompatible shapes for broadcasting: "
                                              "[2,3] vs [2]"))));
  EXPECT_THAT(InferOpShapes(op, {{dtype, "[4,?]"}, {dtype, "[3,1]"}}, attrs),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("incompatible shapes")));
}

void ExpectRejectsDtype(absl::string_view op, int num_inputs, DataType dtype,
                        absl::string_view attr) {
  std::vector<ShapeInput> inputs(num_inputs, ShapeInput{dtype, "[2]"});
  EXPECT_THAT(InferOpShapes(op, inputs),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("attr '", attr, "' is ", DataTypeString(dtype)))))
      << op << " with " << DataTypeString(dtype);
}

void ExpectUnaryGradients(absl::string_view op, const ValueRange& x, const OpAttrs& attrs,
                          uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<TensorShape> shapes = {TensorShape()};
  for (int i = 0; i < 3; ++i) shapes.push_back(RandomShape(rng, 1, 3, 4));
  for (const TensorShape& shape : shapes) {
    SCOPED_TRACE(absl::StrCat(op, " gradient at ", shape.DebugString()));
    EXPECT_OK(CheckOpGradients(op, {Draw(shape, x, rng())}, attrs));
  }
  SCOPED_TRACE(absl::StrCat(op, " gradient with an unknown batch dimension"));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(op, {Draw(TensorShape({4, 3}), x, rng())}, attrs, options));
}

void ExpectBinaryGradients(absl::string_view op, const ValueRange& x, const ValueRange& y,
                           const OpAttrs& attrs, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::pair<TensorShape, TensorShape>> cases = {
      {TensorShape({2, 3}), TensorShape({2, 3})}, {TensorShape({2, 3}), TensorShape({3})},
      {TensorShape({3}), TensorShape({2, 3})},    {TensorShape({}), TensorShape({2, 2})},
      {TensorShape({2, 2}), TensorShape({})},     {TensorShape({3, 1, 2}), TensorShape({4, 2})}};
  for (int i = 0; i < 2; ++i) {
    const TensorShape a = RandomShape(rng, 1, 3, 3);
    const TensorShape b = BroadcastPartner(a, rng);
    if (i % 2 == 0) {
      cases.push_back({a, b});
    } else {
      cases.push_back({b, a});
    }
  }
  for (const auto& [sx, sy] : cases) {
    SCOPED_TRACE(absl::StrCat(op, " gradient at ", sx.DebugString(), " with ", sy.DebugString()));
    EXPECT_OK(CheckOpGradients(op, {Draw(sx, x, rng()), Draw(sy, y, rng())}, attrs));
  }
  SCOPED_TRACE(absl::StrCat(op, " gradient with an unknown batch dimension"));
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(
      op, {Draw(TensorShape({4, 3}), x, rng()), Draw(TensorShape({3}), y, rng())}, attrs, options));
}

}  // namespace rill::testing
