// Tests the array-family helpers: index tensors, axes, strides and strided walks, gather and
// scatter for several dtypes, and constant publishing from shape functions.
#include "ops/array/array_util.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/testing/holds_value.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::array_util {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ArrayUtilTest, IndexValuesAndTensors) {
  EXPECT_THAT(IndexValues(MakeTensor<int32_t>({2}, {-1, 7}), "x"),
              testing::HoldsValue(ElementsAre(-1, 7)));
  EXPECT_THAT(IndexValues(MakeTensor<float>({1}, {1}), "perm"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("perm must be int32 or int64, got float")));
  ASSERT_OK_AND_ASSIGN(Tensor t,
                       MakeIndexTensor(DT_INT64, TensorShape({2}), {int64_t{1} << 40, 3}));
  EXPECT_EQ(t.DebugString(), "int64 [2] {1099511627776, 3}");
  EXPECT_THAT(MakeIndexTensor(DT_INT32, TensorShape({1}), {int64_t{1} << 40}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not fit int32")));
}

TEST(ArrayUtilTest, CanonicalAxisAndStrides) {
  EXPECT_THAT(CanonicalAxis(-1, 3, "axis"), testing::HoldsValue(2));
  EXPECT_THAT(CanonicalAxis(3, 3, "axis"), StatusIs(absl::StatusCode::kInvalidArgument,
                                                    HasSubstr("axis 3 is out of range [-3, 3)")));
  EXPECT_THAT(RowMajorStrides({2, 3, 4}), ElementsAre(12, 4, 1));
  EXPECT_THAT(RowMajorStrides({}), ElementsAre());
}

TEST(ArrayUtilTest, ForEachStridedWalksRowMajor) {
  std::vector<std::pair<int64_t, int64_t>> seen;
  ForEachStrided({2, 2}, {1, -2}, 10, [&](int64_t k, int64_t off) { seen.emplace_back(k, off); });
  EXPECT_THAT(seen,
              ElementsAre(std::pair<int64_t, int64_t>{0, 10}, std::pair<int64_t, int64_t>{1, 8},
                          std::pair<int64_t, int64_t>{2, 11}, std::pair<int64_t, int64_t>{3, 9}));
  int calls = 0;
  ForEachStrided({3, 0}, {1, 1}, 0, [&](int64_t, int64_t) { ++calls; });
  EXPECT_EQ(calls, 0);
  ForEachStrided({}, {}, 5, [&](int64_t k, int64_t off) {
    ++calls;
    EXPECT_EQ(k, 0);
    EXPECT_EQ(off, 5);
  });
  EXPECT_EQ(calls, 1);  // a scalar is one element
}

TEST(ArrayUtilTest, GatherAndScatterEveryDtype) {
  google::protobuf::Map<std::string, AttrValue> no_attrs;
  KernelContext c("n", "Op", AttrSlice(no_attrs, nullptr), {}, {});
  const Tensor in = MakeTensor<std::string>({3}, {"a", "b", "c"});
  ASSERT_OK_AND_ASSIGN(Tensor out, Tensor::Create(DT_STRING, TensorShape({2})));
  ASSERT_OK(GatherStrided(c, in, out, 0, {2}, {-2}, 2));  // c, a
  EXPECT_THAT(out, testing::TensorEq(MakeTensor<std::string>({2}, {"c", "a"})));
  ASSERT_OK_AND_ASSIGN(Tensor dst, Tensor::Create(DT_DOUBLE, TensorShape({4})));
  ASSERT_OK(ScatterStrided(c, MakeTensor<double>({2}, {1, 2}), 0, dst, {2}, {2}, 1));
  EXPECT_THAT(dst, testing::TensorEq(MakeTensor<double>({4}, {0, 1, 0, 2})));
  ASSERT_OK_AND_ASSIGN(Tensor res, Tensor::Create(DT_RESOURCE, TensorShape({1})));
  EXPECT_THAT(GatherStrided(c, res, res, 0, {1}, {1}, 0),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("node 'n' (Op)")));
}

TEST(ArrayUtilTest, KnownValueOfConstsAndPlaceholders) {
  Scope root = Scope::NewRootScope();
  Output c = ops::Const(root, {1, 2});
  Output p = ops::Placeholder(root, DT_INT32);
  ASSERT_OK(root.status());
  ASSERT_NE(KnownValue(root, c), nullptr);
  EXPECT_EQ(KnownValue(root, c)->DebugString(), "int32 [2] {1, 2}");
  EXPECT_EQ(KnownValue(root, p), nullptr);
  EXPECT_EQ(KnownValue(root, Output()), nullptr);
}

TEST(ArrayUtilTest, PublishConstantOutputsRunsTheKernelOnlyOnKnownInputs) {
  google::protobuf::Map<std::string, AttrValue> no_attrs;
  const Tensor two = MakeTensor<int32_t>({}, {2});
  auto double_it = [](KernelContext& k) -> absl::Status {
    ASSIGN_OR_RETURN(Tensor out, k.allocate_output(0, TensorShape()));
    out.data<int32_t>()[0] = 2 * k.input(0).data<int32_t>()[0];
    return absl::OkStatus();
  };
  ShapeContext known("n", "Op", AttrSlice(no_attrs, nullptr), {DT_INT32}, {PartialShape::Scalar()},
                     {DT_INT32});
  known.set_input_value(0, &two, nullptr);
  known.set_output(0, PartialShape::Scalar());
  PublishConstantOutputs(known, double_it);
  EXPECT_EQ(known.output_tensors()[0].DebugString(), "int32 [] {4}");
  ShapeContext unknown("n", "Op", AttrSlice(no_attrs, nullptr), {DT_INT32},
                       {PartialShape::Scalar()}, {DT_INT32});
  PublishConstantOutputs(unknown, double_it);
  EXPECT_FALSE(unknown.output_tensors()[0].valid());
  // A failing kernel publishes nothing (it reports the error at run time instead).
  ShapeContext failing("n", "Op", AttrSlice(no_attrs, nullptr), {DT_INT32},
                       {PartialShape::Scalar()}, {DT_INT32});
  failing.set_input_value(0, &two, nullptr);
  PublishConstantOutputs(failing, [](KernelContext& k) { return k.InvalidArgument("no"); });
  EXPECT_FALSE(failing.output_tensors()[0].valid());
}

}  // namespace
}  // namespace rill::array_util
