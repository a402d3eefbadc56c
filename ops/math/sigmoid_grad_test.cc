// Tests SigmoidGrad: signature (a composite: expand, no kernel), shape table incl. the y/dy
// mismatch error, values through the expansion on the executor, and its registered gradient (second
// derivatives of Sigmoid).
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/math/elementwise_test_util.h"
#include "ops/math_ops.h"
#include "ops/op_registry.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckGradients;
using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::ExpectRejectsDtype;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The registered op, or null (the test then fails at the ASSERT).
const OpRegistration* Op(const char* name) { return OpRegistry::Global()->Find(name); }

TEST(SigmoidGradOpTest, SignatureAndComposite) {
  const OpRegistration* op = Op("SigmoidGrad");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "SigmoidGrad(y: T, dy: T) -> (z: T); attrs: T: {float, double}; flags: elementwise");
  EXPECT_NE(op->expand, nullptr);
  EXPECT_EQ(op->reference_kernel, nullptr);
  EXPECT_NE(op->gradient, nullptr);
}

TEST(SigmoidGradOpTest, Shapes) {
  for (const auto& [y, dy, z] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"[2,3]", "[2,3]", "[2,3]"},
                                                                      {"[?,3]", "[2,?]", "[2,3]"},
                                                                      {"?", "[4]", "[4]"},
                                                                      {"?", "?", "<unknown>"},
                                                                      {"[]", "[]", "[]"}}) {
    EXPECT_THAT(InferOpShapes("SigmoidGrad", {{DT_FLOAT, y}, {DT_FLOAT, dy}}),
                HoldsValue(ElementsAre(z)))
        << y << " " << dy;
  }
  EXPECT_THAT(
      InferOpShapes("SigmoidGrad", {{DT_DOUBLE, "[2]"}, {DT_DOUBLE, "[3]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (SigmoidGrad): y and dy must have the same shape, got [2] "
                         "and [3]")));
  ExpectRejectsDtype("SigmoidGrad", 2, DT_INT32);
}

TEST(SigmoidGradOpTest, KernelThroughTheExpansion) {
  // dy * y * (1 - y), computed by the executor from the expansion into primitives.
  ExpectOpOutput("SigmoidGrad",
                 {MakeTensor<float>({4}, {0.5, 0.25, 0, 1}), MakeTensor<float>({4}, {2, 4, 3, -1})},
                 {}, {MakeTensor<float>({4}, {0.5, 0.75, 0, 0})});
  ExpectOpOutput(
      "SigmoidGrad",
      {MakeTensor<double>({2, 2}, {0.5, 0.25, 0, 1}), MakeTensor<double>({2, 2}, {2, 4, 3, -1})},
      {}, {MakeTensor<double>({2, 2}, {0.5, 0.75, 0, 0})});
}

TEST(SigmoidGradOpTest, Gradient) {
  // y in (-1, 1) like an output of Sigmoid; random shapes, then an unknown batch dimension.
  const std::vector<TensorShape> shapes = {TensorShape(), TensorShape({3}), TensorShape({2, 3})};
  uint64_t seed = 1;
  for (const TensorShape& shape : shapes) {
    EXPECT_OK(CheckOpGradients("SigmoidGrad", {RandomTensor(DT_DOUBLE, shape, seed++, 0.05, 0.95),
                                               RandomTensor(DT_DOUBLE, shape, seed++)}))
        << shape.DebugString();
  }
  GradientCheckOptions options;
  options.placeholder_shapes = {{0, PartialShape({-1, 3})}, {1, PartialShape({-1, 3})}};
  EXPECT_OK(CheckOpGradients("SigmoidGrad",
                             {RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 7, 0.05, 0.95),
                              RandomTensor(DT_DOUBLE, TensorShape({4, 3}), 8)},
                             {}, options));
}

TEST(SigmoidGradOpTest, SecondDerivativeOfSigmoid) {
  // d/dx of the symbolic gradient of Sigmoid: autodiff through the graph holding SigmoidGrad.
  EXPECT_OK(CheckGradients(
      [](const Scope& scope, const std::vector<Output>& in) {
        Output y = ops::Sigmoid(scope, in[0]);
        return std::vector<Output>{ops::SigmoidGrad(scope, y, in[1])};
      },
      {RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 11, -2, 2),
       RandomTensor(DT_DOUBLE, TensorShape({2, 3}), 12)}));
}

}  // namespace
}  // namespace rill
