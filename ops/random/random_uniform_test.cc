// Tests RandomUniform: signature, shape table, seed semantics and no gradient through the suite
// the float random ops share (testing/float_random_test_suite.h); here golden values from the
// independent reference (testdata/philox_reference.py), edge cases and moments of 10^6 samples.
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
using ::rill::random::testing::RunSteps;
using ::rill::random::testing::SampleMoments;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

OpAttrs Attrs(DataType dtype, int64_t seed = 7, int64_t seed2 = 11) {
  return {{"dtype", MakeAttr(dtype)}, {"seed", MakeAttr(seed)}, {"seed2", MakeAttr(seed2)}};
}

ops::RandomAttrs kSeeds = {.seed = 7, .seed2 = 11};

TEST(RandomUniformOpTest, GoldenValues) {
  // From testdata/philox_reference.py (seed 7, seed2 11, step 0), exact.
  ExpectOpOutput("RandomUniform", {MakeTensor<int32_t>({1}, {6})}, Attrs(DT_FLOAT),
                 {MakeTensor<float>({6}, {0.023186326f, 0.0994875431f, 0.569126487f, 0.584228158f,
                                          0.465823054f, 0.277059317f})});
  ExpectOpOutput("RandomUniform", {MakeTensor<int64_t>({2}, {1, 3})}, Attrs(DT_DOUBLE),
                 {MakeTensor<double>(
                     {1, 3}, {0.18549088593476926, 0.55301266272408545, 0.72658466785598419})});
  // Step 1 of the same executor.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> steps,
                       RunSteps(
                           [](const Scope& s, const ops::RandomAttrs& a) {
                             return ops::RandomUniform(s, ops::Const(s, {2, 3}), DT_FLOAT, a);
                           },
                           kSeeds, 2));
  EXPECT_THAT(steps[1],
              TensorEq(MakeTensor<float>({2, 3}, {0.62614584f, 0.336612821f, 0.778417587f,
                                                  0.539413214f, 0.771574736f, 0.991228223f})));
}

TEST(RandomUniformOpTest, EdgeCases) {
  // Empty and scalar outputs.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunOp("RandomUniform", {MakeTensor<int32_t>({2}, {3, 0})}, Attrs(DT_FLOAT)));
  EXPECT_EQ(out[0].shape().DebugString(), "[3,0]");
  ASSERT_OK_AND_ASSIGN(out,
                       RunOp("RandomUniform", {MakeTensor<int32_t>({0}, {})}, Attrs(DT_DOUBLE)));
  EXPECT_EQ(out[0].shape().rank(), 0);
  EXPECT_EQ(out[0].data<double>()[0], 0.18549088593476926);
  // Bad shapes are kernel-time errors naming the node.
  EXPECT_THAT(RunOp("RandomUniform", {MakeTensor<int32_t>({2}, {2, -1})}, Attrs(DT_FLOAT)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (RandomUniform): shape has negative dimension -1 at "
                                 "index 1")));
  EXPECT_THAT(
      RunOp("RandomUniform", {MakeTensor<int64_t>({2}, {int64_t{1} << 40, int64_t{1} << 40})},
            Attrs(DT_FLOAT)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'op' (RandomUniform)")));
}

TEST(RandomUniformOpTest, MomentsOfAMillionSamples) {
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE}) {
    SCOPED_TRACE(DataTypeString(dtype));
    ASSERT_OK_AND_ASSIGN(
        std::vector<Tensor> out,
        RunOp("RandomUniform", {MakeTensor<int32_t>({1}, {1000000})}, Attrs(dtype, 1, 2)));
    const Moments m = SampleMoments(out[0]);
    // U[0,1): mean 1/2 (sd of the mean 2.9e-4), variance 1/12 (sd 7.5e-5); about 7 sd slack.
    EXPECT_NEAR(m.mean, 0.5, 2e-3);
    EXPECT_NEAR(m.variance, 1.0 / 12, 5e-4);
    EXPECT_GE(m.min, 0.0);
    EXPECT_LT(m.max, 1.0);
    // Ten equal bins each get 1/10 (sd 3e-4).
    std::vector<int> bins(10);
    for (double v : rill::testing::ToDoubles(out[0])) ++bins[static_cast<int>(v * 10)];
    for (int b = 0; b < 10; ++b) EXPECT_NEAR(bins[b] / 1e6, 0.1, 2e-3) << "bin " << b;
  }
}

INSTANTIATE_TEST_SUITE_P(RandomUniform, FloatRandomOpTest,
                         ::testing::Values(FloatRandomOpParam{.op = "RandomUniform",
                                                               .builder = ops::RandomUniform}));

}  // namespace
}  // namespace rill
