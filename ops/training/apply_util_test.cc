// Tests the Apply* ops' shared shape function and kernel checks: merging, rank errors, the
// uninitialized/shape/scalar checks in TensorFlow's words, copy-on-write of the opened values,
// and that a failed check writes nothing.
#include "ops/training/apply_util.h"

#include <memory>
#include <string>
#include <vector>

#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::training {
namespace {

using ::rill::testing::HoldsValue;
using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::HasSubstr;

const AttrMap& NoAttrs() {
  static const AttrMap* attrs = new AttrMap();
  return *attrs;
}

// ApplyShape over inputs (var, lr, grad) of the given shapes.
absl::StatusOr<std::string> Infer(const PartialShape& var, const PartialShape& lr,
                                  const PartialShape& grad) {
  ShapeContext c("op", "ApplyX", AttrSlice(NoAttrs(), nullptr), {DT_FLOAT, DT_FLOAT, DT_FLOAT},
                 {var, lr, grad}, {DT_FLOAT_REF});
  RETURN_IF_ERROR(ApplyShape(c, {{0, "var"}, {2, "grad"}}, {{1, "lr"}}));
  return c.output(0).DebugString();
}

TEST(ApplyUtilTest, ApplyShape) {
  EXPECT_THAT(Infer(PartialShape({2, -1}), PartialShape(), PartialShape({-1, 3})),
              HoldsValue(std::string("[2,3]")));
  EXPECT_THAT(Infer(PartialShape(), PartialShape::Scalar(), PartialShape()),
              HoldsValue(std::string("<unknown>")));
  EXPECT_THAT(Infer(PartialShape({2}), PartialShape::Scalar(), PartialShape({2, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "var [2] and grad [2,1] do not have the same shape"));
  EXPECT_THAT(Infer(PartialShape({2}), PartialShape({1}), PartialShape({2})),
              StatusIs(absl::StatusCode::kInvalidArgument, "lr must have rank 0, got [1]"));
}

class PrepareApplyTest : public ::testing::Test {
 protected:
  // Runs PrepareApply on (var, accum, lr, grad) = (var_, accum_, lr, grad).
  absl::StatusOr<ApplyState> Prepare(const Tensor& lr, const Tensor& grad) {
    context_ = std::make_unique<KernelContext>(
        "op", "ApplyX", AttrSlice(NoAttrs(), nullptr),
        std::vector<KernelInput>{
            {Tensor(), &var_}, {Tensor(), &accum_}, {lr, nullptr}, {grad, nullptr}},
        std::vector<DataType>{DT_FLOAT_REF});
    return PrepareApply(*context_, {{0, "var"}, {1, "accum"}}, {{2, "lr"}}, {3, "grad"});
  }
  Variable var_{"v", DT_FLOAT, PartialShape()};
  Variable accum_{"v/accum", DT_FLOAT, PartialShape()};
  std::unique_ptr<KernelContext> context_;
};

TEST_F(PrepareApplyTest, OpensWritableCopies) {
  ASSERT_OK(var_.Assign(MakeTensor<float>({2}, {1, 2})));
  ASSERT_OK(accum_.Assign(MakeTensor<float>({2}, {0, 0})));
  const Tensor reader = var_.value();  // a reader from before the update
  ASSERT_OK_AND_ASSIGN(ApplyState s,
                       Prepare(MakeTensor<float>({}, {1}), MakeTensor<float>({2}, {1, 1})));
  EXPECT_EQ(s.var, &var_);
  ASSERT_EQ(s.values.size(), 2u);
  s.values[0].data<float>()[0] = 9;
  EXPECT_THAT(var_.value(), TensorEq(MakeTensor<float>({2}, {9, 2})));
  EXPECT_THAT(reader, TensorEq(MakeTensor<float>({2}, {1, 2})));
}

TEST_F(PrepareApplyTest, ChecksInTensorFlowsWords) {
  const Tensor lr = MakeTensor<float>({}, {1});
  const Tensor grad = MakeTensor<float>({2}, {1, 1});
  ASSERT_OK(var_.Assign(MakeTensor<float>({2}, {1, 2})));
  EXPECT_THAT(Prepare(lr, grad),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "node 'op' (ApplyX): attempting to use uninitialized variable 'v/accum' "
                       "(input accum)"));
  ASSERT_OK(accum_.Assign(MakeTensor<float>({3}, {0, 0, 0})));
  EXPECT_THAT(Prepare(lr, grad),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("var and accum do not have the same shape: [2] vs [3]")));
  ASSERT_OK(accum_.Assign(MakeTensor<float>({2}, {0, 0})));
  EXPECT_THAT(Prepare(MakeTensor<float>({1}, {1}), grad),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("lr is not a scalar: [1]")));
  EXPECT_THAT(Prepare(lr, MakeTensor<float>({1, 2}, {1, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("var and grad do not have the same shape: [2] vs [1,2]")));
  // None of the failed calls opened a variable for writing.
  const int64_t version = var_.version();
  EXPECT_THAT(Prepare(lr, MakeTensor<float>({3}, {1, 1, 1})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("[2] vs [3]")));
  EXPECT_EQ(var_.version(), version);
}

}  // namespace
}  // namespace rill::training
