// Tests MakePlanKey: equal signatures give equal keys; any difference (names, dtypes, shapes,
// order, role) gives a different key, including names built to fake separators.
#include "session/plan_key.h"

#include "gtest/gtest.h"

namespace rill {
namespace {

TEST(PlanKeyTest, EqualSignaturesGiveEqualKeys) {
  EXPECT_EQ(MakePlanKey({{"x", Tensor::Scalar<float>(1)}}, {"y"}, {"t"}),
            MakePlanKey({{"x", Tensor::Scalar<float>(5)}}, {"y"}, {"t"}));
}

TEST(PlanKeyTest, EveryPartMatters) {
  const std::string base = MakePlanKey({{"x", Tensor::Scalar<float>(1)}}, {"y"}, {"t"});
  const Tensor vec = *Tensor::FromVector<float>({1, 2}, TensorShape({2}));
  EXPECT_NE(base, MakePlanKey({{"x", Tensor::Scalar<double>(1)}}, {"y"}, {"t"}));
  EXPECT_NE(base, MakePlanKey({{"x", vec}}, {"y"}, {"t"}));
  EXPECT_NE(base, MakePlanKey({{"z", Tensor::Scalar<float>(1)}}, {"y"}, {"t"}));
  EXPECT_NE(base, MakePlanKey({{"x", Tensor::Scalar<float>(1)}}, {"y", "t"}, {}));
  EXPECT_NE(base, MakePlanKey({{"x", Tensor::Scalar<float>(1)}}, {"y"}, {}));
  EXPECT_NE(MakePlanKey({}, {"a", "b"}, {}), MakePlanKey({}, {"b", "a"}, {}));
  // Shapes [1,2] vs [12] and names with separators inside cannot collide.
  EXPECT_NE(MakePlanKey({{"x", *Tensor::Create(DT_FLOAT, TensorShape({1, 2}))}}, {}, {}),
            MakePlanKey({{"x", *Tensor::Create(DT_FLOAT, TensorShape({12}))}}, {}, {}));
  EXPECT_NE(MakePlanKey({}, {"a", "b"}, {}), MakePlanKey({}, {"1:a1:b"}, {}));
  EXPECT_NE(MakePlanKey({}, {"a;T0;"}, {}), MakePlanKey({}, {"a"}, {}));
}

}  // namespace
}  // namespace rill
