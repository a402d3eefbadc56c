// Tests TruncatedNormal: signature, shape table, seed semantics and no gradient through the suite
// the float random ops share (testing/float_random_test_suite.h); here golden values from the
// independent reference (testdata/philox_reference.py), edge cases, bounds and moments of 10^6
// samples.
#include <cmath>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/random/testing/float_random_test_suite.h"
#include "ops/random/testing/random_test_util.h"
#include "ops/random_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::random::testing::FloatRandomOpParam;
using ::rill::random::testing::FloatRandomOpTest;
using ::rill::random::testing::Moments;
using ::rill::random::testing::SampleMoments;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::ToDoubles;
using ::testing::HasSubstr;

OpAttrs Attrs(DataType dtype, int64_t seed = 7, int64_t seed2 = 11) {
  return {{"dtype", MakeAttr(dtype)}, {"seed", MakeAttr(seed)}, {"seed2", MakeAttr(seed2)}};
}

TEST(TruncatedNormalOpTest, GoldenValues) {
  // From testdata/philox_reference.py (seed 7, seed2 11, step 0), exact. The float group 0
  // drops 2.22495437 (>= 2), so it differs from RandomStandardNormal's first values; elements
  // 4 and 5 come from group 1's reservation at block 256.
  ExpectOpOutput("TruncatedNormal", {MakeTensor<int32_t>({1}, {6})}, Attrs(DT_FLOAT),
                 {MakeTensor<float>({6}, {1.60560369f, -0.536034465f, -0.916499913f, 1.21825969f,
                                          1.05315435f, 0.175725877f})});
  ExpectOpOutput(
      "TruncatedNormal", {MakeTensor<int32_t>({1}, {3})}, Attrs(DT_DOUBLE),
      {MakeTensor<double>({3}, {-0.60018007234295867, -1.7347284922719202, 0.27635541899213933})});
}

TEST(TruncatedNormalOpTest, EdgeCases) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<Tensor> out,
      RunOp("TruncatedNormal", {MakeTensor<int32_t>({3}, {2, 0, 2})}, Attrs(DT_DOUBLE)));
  EXPECT_EQ(out[0].num_elements(), 0);
  EXPECT_THAT(RunOp("TruncatedNormal", {MakeTensor<int32_t>({1}, {-1})}, Attrs(DT_FLOAT)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (TruncatedNormal): shape has negative dimension")));
}

TEST(TruncatedNormalOpTest, BoundsAndMomentsOfAMillionSamples) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    SCOPED_TRACE(DataTypeString(dtype));
    ASSERT_OK_AND_ASSIGN(
        std::vector<Tensor> out,
        RunOp("TruncatedNormal", {MakeTensor<int32_t>({1}, {1000000})}, Attrs(dtype, 5, 6)));
    const Moments m = SampleMoments(out[0]);
    // Every value strictly inside (-2, 2), and the tails get close to the bounds.
    EXPECT_GT(m.min, -2.0);
    EXPECT_LT(m.max, 2.0);
    EXPECT_LT(m.min, -1.99);
    EXPECT_GT(m.max, 1.99);
    // N(0,1) truncated to (-2, 2): mean 0 (sd 8.8e-4), variance 1 - 4 phi(2) / (2 Phi(2) - 1)
    // = 0.7737413 (sd 9.0e-4); about 5 sd slack.
    EXPECT_NEAR(m.mean, 0.0, 4.5e-3);
    EXPECT_NEAR(m.variance, 0.7737413, 4.5e-3);
    // Symmetric: as many values below 0 as above (sd 5e-4).
    int negative = 0;
    for (double x : ToDoubles(out[0])) negative += x < 0;
    EXPECT_NEAR(negative / 1e6, 0.5, 3e-3);
  }
}

INSTANTIATE_TEST_SUITE_P(TruncatedNormal, FloatRandomOpTest,
                         ::testing::Values(FloatRandomOpParam{.op = "TruncatedNormal",
                                                               .builder = ops::TruncatedNormal}));

}  // namespace
}  // namespace rill
