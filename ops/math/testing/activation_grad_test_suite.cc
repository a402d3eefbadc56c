// The ActivationGradOpTest cases (see activation_grad_test_suite.h): signature (a composite:
// expand, no kernel), shape table incl. the y/dy mismatch error, values through the expansion on
// the executor, and the registered gradient (second derivatives of the forward op).
#include "ops/math/testing/activation_grad_test_suite.h"

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

void PrintTo(const ActivationGradOpParam& param, std::ostream* os) { *os << param.op; }

namespace {

// `values` converted to T.
template <typename T>
std::vector<T> As(const std::vector<double>& values) {
  return std::vector<T>(values.begin(), values.end());
}

TEST_P(ActivationGradOpTest, SignatureAndComposite) {
  const OpRegistration* op = OpRegistry::Global()->Find(GetParam().op);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            absl::StrCat(GetParam().op,
                         "(y: T, dy: T) -> (z: T); attrs: T: {float, double}; flags: elementwise"));
  EXPECT_NE(op->expand, nullptr);
  EXPECT_EQ(op->reference_kernel, nullptr);
  EXPECT_NE(op->gradient, nullptr);
}

TEST_P(ActivationGradOpTest, Shapes) {
  const std::string& op = GetParam().op;
  for (const auto& [y, dy, z] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"[2,3]", "[2,3]", "[2,3]"},
                                                                      {"[?,3]", "[2,?]", "[2,3]"},
                                                                      {"?", "[4]", "[4]"},
                                                                      {"?", "?", "<unknown>"},
                                                                      {"[]", "[]", "[]"}}) {
    EXPECT_THAT(InferOpShapes(op, {{DT_FLOAT, y}, {DT_FLOAT, dy}}), HoldsValue(ElementsAre(z)))
        << y << " " << dy;
  }
  EXPECT_THAT(InferOpShapes(op, {{DT_DOUBLE, "[2]"}, {DT_DOUBLE, "[3]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("node 'op' (", op,
                                              "): y and dy must have the same shape, got [2] "
                                              "and [3]"))));
  ExpectRejectsDtype(op, 2, DT_INT32);
}

TEST_P(ActivationGradOpTest, KernelThroughTheExpansion) {
  // Computed by the executor from the expansion into primitives.
  const ActivationGradOpParam& p = GetParam();
  const std::vector<double> dy = {2, 4, 3, -1};
  ExpectOpOutput(p.op, {MakeTensor<float>({4}, As<float>(p.y)), MakeTensor<float>({4}, As<float>(dy))},
                 {}, {MakeTensor<float>({4}, As<float>(p.expected))});
  ExpectOpOutput(p.op, {MakeTensor<double>({2, 2}, p.y), MakeTensor<double>({2, 2}, dy)}, {},
                 {MakeTensor<double>({2, 2}, p.expected)});
}

TEST_P(ActivationGradOpTest, Gradient) {
  // y in (0.05, 0.95) like an output of the forward op; random shapes, then an unknown batch
  // dimension.
  const std::string& op = GetParam().op;
  const std::vector<TensorShape> shapes = {TensorShape(), TensorShape({3}), TensorShape({2, 3})};
  uint64_t seed = 1;
  for (const TensorShape& shape : shapes) {
    EXPECT_OK(CheckOpGradients(op, {RandomTensor(DT_DOUBLE, shape, seed++, 0.05, 0.95),
                                    RandomTensor(DT_DOUBLE, shape, seed++)}))
        << shape.DebugString();
  }
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}, {1, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients(op,
                             {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 7, 0.05, 0.95),
                              RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 8)},
                             {}, options));
}

TEST_P(ActivationGradOpTest, SecondDerivativeOfForward) {
  // d/dx of the symbolic gradient of the forward op: autodiff through the graph holding the
  // gradient op.
  auto forward = GetParam().forward;
  auto grad = GetParam().grad;
  EXPECT_OK(CheckGradients(
      [forward, grad](const Scope& scope, const std::vector<Output>& in) {
        Output y = forward(scope, in[0]);
        return std::vector<Output>{grad(scope, y, in[1])};
      },
      {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 11, -2, 2),
       RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 12)}));
}

}  // namespace
}  // namespace rill::testing
