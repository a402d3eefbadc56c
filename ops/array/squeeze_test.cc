// Tests Squeeze: TensorFlow's shape table (explicit and implicit dims, unknown dims and rank,
// errors), kernel values, runtime errors, and the gradient in f64 (incl. an unknown batch dim).
#include <cstdint>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array/testing/array_test_util.h"
#include "ops/array_ops.h"
#include "ops/testing/gradient_checker.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::CheckOpGradients;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::Ph;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunWithSpecs;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs Dims(std::vector<int64_t> dims) { return {{"squeeze_dims", MakeAttr(dims)}}; }

TEST(SqueezeOpTest, ShapeTable) {
  struct Case {
    std::string in;
    std::vector<int64_t> dims;
    std::string out;
  };
  for (const Case& c :
       std::vector<Case>{{"[1,2,1,3]", {}, "[2,3]"},
                         {"[1,2,1,3]", {0}, "[2,1,3]"},
                         {"[1,2,1,3]", {-2, 0}, "[2,3]"},
                         {"[1,1]", {}, "[]"},
                         {"[]", {}, "[]"},
                         {"[?,1,3]", {1}, "[?,3]"},
                         {"[?,1,3]", {0}, "[1,3]"},     // an unknown dim named is assumed to be 1
                         {"[?,1,3]", {}, "<unknown>"},  // might be 1: the rank is unknown
                         {"[2,3]", {}, "[2,3]"},
                         {"?", {0}, "<unknown>"}}) {
    SCOPED_TRACE(c.in);
    EXPECT_THAT(InferOpShapes("Squeeze", {{DT_FLOAT, c.in}}, Dims(c.dims)),
                HoldsValue(ElementsAre(c.out)));
  }
}

TEST(SqueezeOpTest, ShapeErrors) {
  EXPECT_THAT(InferOpShapes("Squeeze", {{DT_FLOAT, "[1,2]"}}, Dims({1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Squeeze): Can not squeeze dim[1], expected a "
                                 "dimension of 1, got 2")));
  EXPECT_THAT(InferOpShapes("Squeeze", {{DT_FLOAT, "[1,2]"}}, Dims({2})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("squeeze_dims[0] = 2 not in [-2,2).")));
  EXPECT_THAT(InferOpShapes("Squeeze", {{DT_FLOAT, "[1,2]"}}, Dims({-3})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not in [-2,2)")));
}

TEST(SqueezeOpTest, Kernel) {
  ExpectOpOutput("Squeeze", {MakeTensor<float>({1, 2, 1}, {1, 2})}, {},
                 {MakeTensor<float>({2}, {1, 2})});
  ExpectOpOutput("Squeeze", {MakeTensor<int32_t>({1, 2, 1}, {1, 2})}, Dims({2}),
                 {MakeTensor<int32_t>({1, 2}, {1, 2})});
  ExpectOpOutput("Squeeze", {MakeTensor<double>({1, 1}, {4})}, {}, {MakeTensor<double>({}, {4})});
  ExpectOpOutput("Squeeze", {MakeTensor<std::string>({1, 0}, {})}, Dims({0}),
                 {MakeTensor<std::string>({0}, {})});
}

TEST(SqueezeOpTest, KernelCatchesAnUnknownDimThatIsNotOne) {
  // The placeholder says [?,1], so the shape function assumes dim 0 is 1; the fed value has 2
  // rows, which the kernel reports.
  EXPECT_THAT(RunWithSpecs("Squeeze", {Ph(DT_FLOAT, "[?,1]")}, {MakeTensor<float>({2, 1}, {1, 2})},
                           Dims({0})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (Squeeze): Can not squeeze dim[0], expected a "
                                 "dimension of 1, got 2")));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunWithSpecs("Squeeze", {Ph(DT_FLOAT, "[?,1]")},
                                    {MakeTensor<float>({1, 1}, {5})}, Dims({0})));
  EXPECT_THAT(out[0], testing::TensorEq(MakeTensor<float>({1}, {5})));
}

TEST(SqueezeOpTest, Gradient) {
  EXPECT_OK(CheckOpGradients("Squeeze", {RandomTensor(DT_DOUBLE, TensorShape({1, 3, 1}), 1)}));
  EXPECT_OK(
      CheckOpGradients("Squeeze", {RandomTensor(DT_DOUBLE, TensorShape({2, 1, 3}), 2)}, Dims({1})));
  GradientCheckOptions unknown_batch;
  unknown_batch.placeholder_shapes = {{0, PartialShape({-1, 1, 2})}};
  EXPECT_OK(CheckOpGradients("Squeeze", {RandomTensor(DT_DOUBLE, TensorShape({3, 1, 2}), 3)},
                             Dims({-2}), unknown_batch));
}

TEST(SqueezeOpTest, Builder) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root, DT_FLOAT, {.shape = {1, -1, 1}});
  EXPECT_EQ(ops::Squeeze(root, x, {.squeeze_dims = {0, 2}}).shape().DebugString(), "[?]");
  EXPECT_EQ(ops::Squeeze(root, x).shape().DebugString(), "<unknown>");
  ASSERT_OK(root.status());
}

}  // namespace
}  // namespace rill
