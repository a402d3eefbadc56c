// Tests BroadcastGradientArgs: shapes, reduction axes for broadcasting cases, errors.
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
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
using ::rill::testing::GradientCheckOptions;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RandomTensor;
using ::rill::testing::RunOp;
using ::rill::testing::RunOpWithConstInputs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(BroadcastGradientArgsOpTest, Shapes) {
  EXPECT_THAT(InferOpShapes("BroadcastGradientArgs", {{DT_INT32, "[2]"}, {DT_INT32, "[?]"}}),
              HoldsValue(ElementsAre("[?]", "[?]")));
  EXPECT_THAT(InferOpShapes("BroadcastGradientArgs", {{DT_INT64, "?"}, {DT_INT64, "?"}}),
              HoldsValue(ElementsAre("[?]", "[?]")));
  EXPECT_THAT(InferOpShapes("BroadcastGradientArgs", {{DT_INT32, "[]"}, {DT_INT32, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s0 must have rank 1")));
  EXPECT_THAT(InferOpShapes("BroadcastGradientArgs", {{DT_FLOAT, "[2]"}, {DT_FLOAT, "[2]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'T' is float")));
}

TEST(BroadcastGradientArgsOpTest, Kernel) {
  struct Case {
    std::vector<int32_t> s0, s1, r0, r1;
  };
  const std::vector<Case> cases = {
      {{2, 3}, {2, 3}, {}, {}},  {{2, 3}, {3}, {}, {0}},           {{2, 1}, {1, 4}, {1}, {0}},
      {{}, {2, 2}, {0, 1}, {}},  {{5, 1, 3}, {4, 1}, {1}, {0, 2}}, {{1}, {1}, {0}, {0}},
      {{0, 3}, {1, 3}, {}, {0}},
  };
  for (const Case& c : cases) {
    auto vec = [](const std::vector<int32_t>& v) {
      return MakeTensor<int32_t>({static_cast<int64_t>(v.size())}, v);
    };
    ExpectOpOutput("BroadcastGradientArgs", {vec(c.s0), vec(c.s1)}, {}, {vec(c.r0), vec(c.r1)});
  }
  ExpectOpOutput("BroadcastGradientArgs",
                 {MakeTensor<int64_t>({2}, {7, 1}), MakeTensor<int64_t>({1}, {5})}, {},
                 {MakeTensor<int64_t>({1}, {1}), MakeTensor<int64_t>({1}, {0})});
  EXPECT_THAT(RunOp("BroadcastGradientArgs",
                    {MakeTensor<int32_t>({2}, {2, 3}), MakeTensor<int32_t>({1}, {2})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (BroadcastGradientArgs): incompatible shapes: [2,3] "
                                 "vs. [2]")));
}

}  // namespace
}  // namespace rill
