// Tests the random ops' shared shape function, the kernel-side reading of the `shape` input and
// the float random kernel.
#include "ops/random/random_op_util.h"

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"
#include "ops/random/random_fill.h"
#include "ops/random/random_stream.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::random {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

// A context for node "r" (RandomUniform) whose input 0 is `shape`.
absl::StatusOr<TensorShape> Parse(const Tensor& shape) {
  static const AttrMap* attrs = new AttrMap();
  KernelContext c("r", "RandomUniform", AttrSlice(*attrs, nullptr), {{shape, nullptr}}, {DT_FLOAT});
  return ShapeFromShapeInput(c, 0);
}

TEST(RandomOpUtilTest, ShapeFromShapeInput) {
  ASSERT_OK_AND_ASSIGN(TensorShape s, Parse(MakeTensor<int32_t>({3}, {2, 0, 5})));
  EXPECT_EQ(s.DebugString(), "[2,0,5]");
  ASSERT_OK_AND_ASSIGN(s, Parse(MakeTensor<int64_t>({0}, {})));
  EXPECT_EQ(s.rank(), 0);
  EXPECT_THAT(Parse(MakeTensor<int32_t>({}, {3})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "node 'r' (RandomUniform): shape must be a vector, got []"));
  EXPECT_THAT(Parse(MakeTensor<float>({1}, {3})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("shape must be int32 or int64, got float")));
  EXPECT_THAT(Parse(MakeTensor<int64_t>({2}, {4, -2})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("shape has negative dimension -2 at index 1")));
  // The element count must fit int64.
  EXPECT_THAT(Parse(MakeTensor<int64_t>({3}, {int64_t{1} << 31, int64_t{1} << 31, 4})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("node 'r' (RandomUniform)")));
}

// Runs RandomShape for one shape input of `dtype` and `shape`, with a known value or not.
absl::StatusOr<std::string> Infer(DataType dtype, const PartialShape& shape,
                                  const Tensor* value = nullptr) {
  static const AttrMap* attrs = new AttrMap();
  ShapeContext c("r", "RandomUniform", AttrSlice(*attrs, nullptr), {dtype}, {shape}, {DT_FLOAT});
  c.set_input_value(0, value, nullptr);
  RETURN_IF_ERROR(RandomShape(c));
  return c.output(0).DebugString();
}

TEST(RandomOpUtilTest, RandomShape) {
  const Tensor value = MakeTensor<int32_t>({2}, {3, -1});
  EXPECT_THAT(Infer(DT_INT32, PartialShape({2}), &value), HoldsValue(std::string("[3,?]")));
  EXPECT_THAT(Infer(DT_INT32, PartialShape({2})), HoldsValue(std::string("[?,?]")));
  EXPECT_THAT(Infer(DT_INT64, PartialShape({-1})), HoldsValue(std::string("<unknown>")));
  EXPECT_THAT(Infer(DT_INT64, PartialShape()), HoldsValue(std::string("<unknown>")));
  EXPECT_THAT(Infer(DT_INT32, PartialShape({2, 2})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1-D shape tensor")));
}

// Runs FloatRandomKernel for node "r" (seed 7, seed2 9) with a shape input of [2, 3] and
// output dtype `dtype`; returns output 0.
absl::StatusOr<Tensor> Draw(FloatDistribution distribution, DataType dtype,
                            const Tensor& shape = MakeTensor<int32_t>({2}, {2, 3})) {
  static const AttrMap* attrs = [] {
    auto* m = new AttrMap();
    (*m)["seed"].set_i(7);
    (*m)["seed2"].set_i(9);
    return m;
  }();
  KernelContext c("r", "RandomUniform", AttrSlice(*attrs, nullptr), {{shape, nullptr}}, {dtype});
  RETURN_IF_ERROR(FloatRandomKernel(c, distribution));
  return c.output(0).tensor;
}

TEST(RandomOpUtilTest, FloatRandomKernelFillsWithTheDistribution) {
  // Each distribution gives exactly what its fill function gives for the op's stream.
  static const AttrMap* attrs = [] {
    auto* m = new AttrMap();
    (*m)["seed"].set_i(7);
    (*m)["seed2"].set_i(9);
    return m;
  }();
  const KernelContext seeds("r", "RandomUniform", AttrSlice(*attrs, nullptr), {}, {});
  ASSERT_OK_AND_ASSIGN(PhiloxStream stream, PhiloxStream::ForKernel(seeds));
  std::vector<double> uniform(6), normal(6), truncated(6);
  FillUniform(stream, 0, absl::MakeSpan(uniform));
  FillNormal(stream, 0, absl::MakeSpan(normal));
  ASSERT_OK(FillTruncatedNormal(stream, 0, absl::MakeSpan(truncated)));
  EXPECT_THAT(Draw(FloatDistribution::kUniform, DT_DOUBLE),
              HoldsValue(TensorEq(MakeTensor<double>({2, 3}, uniform))));
  EXPECT_THAT(Draw(FloatDistribution::kNormal, DT_DOUBLE),
              HoldsValue(TensorEq(MakeTensor<double>({2, 3}, normal))));
  EXPECT_THAT(Draw(FloatDistribution::kTruncatedNormal, DT_DOUBLE),
              HoldsValue(TensorEq(MakeTensor<double>({2, 3}, truncated))));
  std::vector<float> uniform_f(6);
  FillUniform(stream, 0, absl::MakeSpan(uniform_f));
  EXPECT_THAT(Draw(FloatDistribution::kUniform, DT_FLOAT),
              HoldsValue(TensorEq(MakeTensor<float>({2, 3}, uniform_f))));
}

TEST(RandomOpUtilTest, FloatRandomKernelErrors) {
  EXPECT_THAT(Draw(FloatDistribution::kNormal, DT_INT32),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("node 'r' (RandomUniform)")));
  EXPECT_THAT(Draw(FloatDistribution::kUniform, DT_FLOAT, MakeTensor<int32_t>({}, {3})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("shape must be a vector")));
}

}  // namespace
}  // namespace rill::random
