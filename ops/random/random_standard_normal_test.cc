// Tests RandomStandardNormal: signature, shape table, seed semantics and no gradient through the
// suite the float random ops share (testing/float_random_test_suite.h); here golden values from
// the independent reference (testdata/philox_reference.py), edge cases, moments of 10^6 samples.
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

TEST(RandomStandardNormalOpTest, GoldenValues) {
  // From testdata/philox_reference.py (seed 7, seed2 11, step 0), exact.
  ExpectOpOutput("RandomStandardNormal", {MakeTensor<int32_t>({2}, {2, 3})}, Attrs(DT_FLOAT),
                 {MakeTensor<float>({2, 3}, {1.60560369f, 2.22495437f, -0.536034465f, -0.916499913f,
                                             1.21825969f, -0.209146068f})});
  ExpectOpOutput(
      "RandomStandardNormal", {MakeTensor<int32_t>({1}, {3})}, Attrs(DT_DOUBLE),
      {MakeTensor<double>({3}, {-0.60018007234295867, -1.7347284922719202, 0.32132962754436545})});
}

TEST(RandomStandardNormalOpTest, EdgeCases) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<Tensor> out,
      RunOp("RandomStandardNormal", {MakeTensor<int64_t>({1}, {0})}, Attrs(DT_FLOAT)));
  EXPECT_EQ(out[0].num_elements(), 0);
  // An odd element count uses the first half of the last Box-Muller pair.
  ASSERT_OK_AND_ASSIGN(
      out, RunOp("RandomStandardNormal", {MakeTensor<int32_t>({1}, {1})}, Attrs(DT_FLOAT)));
  EXPECT_EQ(out[0].data<float>()[0], 1.60560369f);
  EXPECT_THAT(
      RunOp("RandomStandardNormal", {MakeTensor<int32_t>({1}, {-4})}, Attrs(DT_DOUBLE)),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (RandomStandardNormal): shape has negative dimension")));
}

TEST(RandomStandardNormalOpTest, MomentsOfAMillionSamples) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    SCOPED_TRACE(DataTypeString(dtype));
    ASSERT_OK_AND_ASSIGN(
        std::vector<Tensor> out,
        RunOp("RandomStandardNormal", {MakeTensor<int32_t>({1}, {1000000})}, Attrs(dtype, 3, 4)));
    const Moments m = SampleMoments(out[0]);
    // N(0,1): sd of the mean 1e-3, of the variance 1.4e-3; about 5 sd slack.
    EXPECT_NEAR(m.mean, 0.0, 5e-3);
    EXPECT_NEAR(m.variance, 1.0, 7e-3);
    // Box-Muller with u1 >= 1e-7 cannot exceed sqrt(-2 ln 1e-7) ~ 5.68.
    EXPECT_LE(std::fabs(m.min), 5.7);
    EXPECT_LE(m.max, 5.7);
    const std::vector<double> v = ToDoubles(out[0]);
    double fourth = 0;
    int within_one = 0;
    for (double x : v) {
      fourth += x * x * x * x;
      within_one += std::fabs(x) < 1.0;
    }
    // E[x^4] = 3 (sd 0.01); P(|x| < 1) = 0.682689 (sd 4.7e-4).
    EXPECT_NEAR(fourth / v.size(), 3.0, 0.06);
    EXPECT_NEAR(within_one / 1e6, 0.682689, 3e-3);
  }
}

INSTANTIATE_TEST_SUITE_P(RandomStandardNormal, FloatRandomOpTest,
                         ::testing::Values(FloatRandomOpParam{.op = "RandomStandardNormal",
                                                               .builder = ops::RandomStandardNormal}));

}  // namespace
}  // namespace rill
