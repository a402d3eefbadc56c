// Tests RandomUniformInt: signature, shape table, golden values from the independent reference
// (testdata/philox_reference.py), range edge cases and errors, bucket frequencies of 10^6
// samples, and seed semantics.
#include <cstdint>
#include <limits>
#include <memory>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/op_registry.h"
#include "ops/random/testing/random_test_util.h"
#include "ops/random_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/op_runner.h"
#include "ops/testing/shape_test_util.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::random::testing::ExpectSeedSemantics;
using ::rill::random::testing::Moments;
using ::rill::random::testing::RunSteps;
using ::rill::random::testing::SampleMoments;
using ::rill::testing::ExpectOpOutput;
using ::rill::testing::HoldsValue;
using ::rill::testing::InferOpShapes;
using ::rill::testing::MakeAttr;
using ::rill::testing::MakeTensor;
using ::rill::testing::OpAttrs;
using ::rill::testing::RunOp;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::rill::testing::ToDoubles;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

OpAttrs Seeds(int64_t seed, int64_t seed2) {
  return {{"seed", MakeAttr(seed)}, {"seed2", MakeAttr(seed2)}};
}

template <typename T>
std::vector<Tensor> Inputs(std::vector<int32_t> shape, T lo, T hi) {
  return {MakeTensor<int32_t>({static_cast<int64_t>(shape.size())}, shape), MakeTensor<T>({}, {lo}),
          MakeTensor<T>({}, {hi})};
}

TEST(RandomUniformIntOpTest, Signature) {
  const OpRegistration* op = OpRegistry::Global()->Find("RandomUniformInt");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(OpSignatureString(*op),
            "RandomUniformInt(shape: T, minval: Tout, maxval: Tout) -> (output: Tout); attrs: "
            "seed: int = 0, seed2: int = 0, Tout: {int32, int64}, T: {int32, int64}; flags: "
            "stateful");
  EXPECT_TRUE(op->no_gradient);
}

TEST(RandomUniformIntOpTest, Shapes) {
  EXPECT_THAT(
      InferOpShapes("RandomUniformInt", {{DT_INT32, "[2]"}, {DT_INT64, "[]"}, {DT_INT64, "[]"}}),
      HoldsValue(ElementsAre("[?,?]")));
  EXPECT_THAT(
      InferOpShapes("RandomUniformInt", {{DT_INT64, "?"}, {DT_INT32, "?"}, {DT_INT32, "?"}}),
      HoldsValue(ElementsAre("<unknown>")));
  EXPECT_THAT(
      InferOpShapes("RandomUniformInt", {{DT_INT32, "[2]"}, {DT_INT32, "[1]"}, {DT_INT32, "[]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("node 'op' (RandomUniformInt): minval must have rank 0, got [1]")));
  EXPECT_THAT(
      InferOpShapes("RandomUniformInt", {{DT_INT32, "[2]"}, {DT_INT32, "[]"}, {DT_INT32, "[?]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("maxval must have rank 0")));
  EXPECT_THAT(
      InferOpShapes("RandomUniformInt", {{DT_INT32, "[]"}, {DT_INT32, "[]"}, {DT_INT32, "[]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1-D shape tensor")));
  EXPECT_THAT(
      InferOpShapes("RandomUniformInt", {{DT_INT32, "[2]"}, {DT_INT32, "[]"}, {DT_INT64, "[]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 2 (maxval)")));
  EXPECT_THAT(
      InferOpShapes("RandomUniformInt", {{DT_INT32, "[2]"}, {DT_FLOAT, "[]"}, {DT_FLOAT, "[]"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attr 'Tout' is float")));
  Scope root = Scope::NewRootScope();
  Output r = ops::RandomUniformInt(root, ops::Const(root, {3, 4}), ops::Const<int64_t>(root, 0),
                                   ops::Const<int64_t>(root, 9));
  ASSERT_OK(root.status());
  EXPECT_EQ(r.shape().DebugString(), "[3,4]");
  EXPECT_EQ(r.dtype(), DT_INT64);
}

TEST(RandomUniformIntOpTest, GoldenValues) {
  // From testdata/philox_reference.py, exact.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> steps,
                       RunSteps(
                           [](const Scope& s, const ops::RandomAttrs& a) {
                             return ops::RandomUniformInt(s, ops::Const(s, {6}), ops::Const(s, -5),
                                                          ops::Const(s, 5), a);
                           },
                           {.seed = 7, .seed2 = 11}, 3));
  EXPECT_THAT(steps[2], TensorEq(MakeTensor<int32_t>({6}, {3, 3, 1, -4, -3, 0})));
  const int64_t two40 = int64_t{1} << 40;
  ExpectOpOutput("RandomUniformInt", Inputs<int64_t>({3}, -two40, two40), Seeds(3, -1),
                 {MakeTensor<int64_t>({3}, {220122719841, -836990500356, 494383203203})});
}

TEST(RandomUniformIntOpTest, RangesAndErrors) {
  // A one-value range.
  ExpectOpOutput("RandomUniformInt", Inputs<int32_t>({2, 2}, 4, 5), Seeds(1, 1),
                 {MakeTensor<int32_t>({2, 2}, {4, 4, 4, 4})});
  // The widest ranges: hi - lo does not fit the signed type.
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out,
                       RunOp("RandomUniformInt",
                             Inputs<int64_t>({64}, std::numeric_limits<int64_t>::min(),
                                             std::numeric_limits<int64_t>::max()),
                             Seeds(1, 1)));
  const Moments wide = SampleMoments(out[0]);
  EXPECT_LT(wide.min, 0);
  EXPECT_GT(wide.max, 0);
  // Empty outputs need no valid range ("zero impossible things are fine", as TensorFlow).
  ASSERT_OK_AND_ASSIGN(out, RunOp("RandomUniformInt", Inputs<int32_t>({0}, 5, 1), Seeds(1, 1)));
  EXPECT_EQ(out[0].num_elements(), 0);
  EXPECT_THAT(RunOp("RandomUniformInt", Inputs<int32_t>({1}, 5, 5), Seeds(1, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'op' (RandomUniformInt): need minval < maxval: 5 >= 5")));
  EXPECT_THAT(RunOp("RandomUniformInt", Inputs<int64_t>({1}, 7, -7), Seeds(1, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("7 >= -7")));

  // Non-scalar bounds whose shape was unknown while building fail when run.
  Scope root = Scope::NewRootScope();
  Output lo = ops::Placeholder(root.WithOpName("lo"), DT_INT32);
  Output r =
      ops::RandomUniformInt(root.WithOpName("r"), ops::Const(root, {2}), lo, ops::Const(root, 9));
  ASSERT_OK(root.status());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> interpreter,
                       Interpreter::Create(*root.graph()));
  EXPECT_THAT(interpreter->Run({{"lo", MakeTensor<int32_t>({2}, {0, 1})}}, {"r"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("node 'r' (RandomUniformInt): minval must be a scalar, got [2]")));
}

TEST(RandomUniformIntOpTest, FrequenciesOfAMillionSamples) {
  for (DataType dtype : {DT_INT32, DT_INT64}) {
    SCOPED_TRACE(DataTypeString(dtype));
    // [-3, 7): ten values, each with probability 1/10 (sd 3e-4).
    std::vector<Tensor> inputs = dtype == DT_INT32 ? Inputs<int32_t>({1000000}, -3, 7)
                                                   : Inputs<int64_t>({1000, 1000}, -3, 7);
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, RunOp("RandomUniformInt", inputs, Seeds(2, 9)));
    const Moments m = SampleMoments(out[0]);
    EXPECT_EQ(m.min, -3);
    EXPECT_EQ(m.max, 6);
    EXPECT_NEAR(m.mean, 1.5, 0.02);  // mean 1.5, sd 2.9e-3
    std::vector<int> counts(10);
    for (double v : ToDoubles(out[0])) ++counts[static_cast<int>(v) + 3];
    for (int k = 0; k < 10; ++k) EXPECT_NEAR(counts[k] / 1e6, 0.1, 2e-3) << "value " << k - 3;
  }
}

TEST(RandomUniformIntOpTest, SeedSemantics) {
  ExpectSeedSemantics([](const Scope& s, const ops::RandomAttrs& a) {
    return ops::RandomUniformInt(s, ops::Const(s, {20}), ops::Const(s, 0), ops::Const(s, 1 << 30),
                                 a);
  });
}

}  // namespace
}  // namespace rill
