// Tests Variable (reads, assignment, copy-on-write updates, versions) and VariableStore.
#include "ops/variable.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::rill::testing::TensorEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(VariableTest, ReadAssignAndVersions) {
  Variable v("w", DT_FLOAT_REF, PartialShape({2}));
  EXPECT_EQ(v.dtype(), DT_FLOAT);
  EXPECT_FALSE(v.initialized());
  EXPECT_THAT(v.Read(), StatusIs(absl::StatusCode::kFailedPrecondition,
                                 HasSubstr("variable 'w' is uninitialized")));
  EXPECT_THAT(v.MutableValue(), StatusCodeIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(v.version(), 0);
  ASSERT_OK(v.Assign(MakeTensor<float>({2}, {1, 2})));
  EXPECT_EQ(v.version(), 1);
  EXPECT_THAT(v.Assign(MakeTensor<int32_t>({2}, {1, 2})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is float, cannot assign")));
  auto read = v.Read();
  ASSERT_OK(read);
  EXPECT_THAT(*read, TensorEq(MakeTensor<float>({2}, {1, 2})));
}

TEST(VariableTest, MutableValueCopiesOnlyWhenShared) {
  Variable v("w", DT_FLOAT, PartialShape({2}));
  ASSERT_OK(v.Assign(MakeTensor<float>({2}, {1, 2})));
  Tensor reader = *v.Read();  // shares the buffer
  {
    auto mutable_value = v.MutableValue();
    ASSERT_OK(mutable_value);
    EXPECT_FALSE(mutable_value->SharesBufferWith(reader));
    mutable_value->data<float>()[0] = 10;
  }
  EXPECT_THAT(reader, TensorEq(MakeTensor<float>({2}, {1, 2})));
  EXPECT_THAT(v.value(), TensorEq(MakeTensor<float>({2}, {10, 2})));
  EXPECT_EQ(v.version(), 2);
  // Nobody else holds the new buffer now: the next update is in place.
  const void* before = v.value().raw_data();
  {
    auto again = v.MutableValue();
    ASSERT_OK(again);
  }
  EXPECT_EQ(v.value().raw_data(), before);
}

TEST(VariableStoreTest, LookupOrCreate) {
  VariableStore store;
  auto a = store.LookupOrCreate("a", DT_FLOAT, PartialShape({-1, 2}));
  ASSERT_OK(a);
  EXPECT_THAT(store.LookupOrCreate("a", DT_FLOAT, PartialShape({3, 2})),
              rill::testing::IsOkAndHolds(*a));
  EXPECT_THAT(store.LookupOrCreate("a", DT_INT32, PartialShape({3, 2})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exists as float")));
  EXPECT_THAT(store.LookupOrCreate("a", DT_FLOAT, PartialShape({3})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("incompatible")));
  ASSERT_OK(store.LookupOrCreate("b", DT_INT32, PartialShape()).status());
  EXPECT_EQ(store.Find("b")->dtype(), DT_INT32);
  EXPECT_EQ(store.Find("c"), nullptr);
  EXPECT_THAT(store.Names(), ElementsAre("a", "b"));
  store.Clear();
  EXPECT_EQ(store.size(), 0);
}

TEST(VariableKeyTest, TensorFlowNaming) {
  EXPECT_EQ(VariableKey("", "", "dense/w"), "dense/w");
  EXPECT_EQ(VariableKey("", "shared", "dense/w"), "shared");
  EXPECT_EQ(VariableKey("c", "", "w"), "c/w");
}

}  // namespace
}  // namespace rill
