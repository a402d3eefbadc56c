// Tests the broadcasting helpers: output shapes, error wording, strides and the index walk.
#include "ops/broadcast.h"

#include <array>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::IsOkAndHolds;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(BroadcastTest, Shapes) {
  EXPECT_THAT(BroadcastTensorShapes({TensorShape({2, 1}), TensorShape({3})}),
              IsOkAndHolds(TensorShape({2, 3})));
  EXPECT_THAT(BroadcastTensorShapes({TensorShape({}), TensorShape({0, 4})}),
              IsOkAndHolds(TensorShape({0, 4})));
  EXPECT_THAT(
      BroadcastTensorShapes({TensorShape({5, 1, 3}), TensorShape({4, 1}), TensorShape({1})}),
      IsOkAndHolds(TensorShape({5, 4, 3})));
  EXPECT_THAT(BroadcastTensorShapes({}), IsOkAndHolds(TensorShape({})));
  EXPECT_THAT(BroadcastTensorShapes({TensorShape({2, 3}), TensorShape({2})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("incompatible shapes for broadcasting: [2,3] vs [2]")));
}

TEST(BroadcastTest, Strides) {
  EXPECT_THAT(BroadcastStrides(TensorShape({3}), TensorShape({2, 3})), ElementsAre(0, 1));
  EXPECT_THAT(BroadcastStrides(TensorShape({2, 1}), TensorShape({2, 3})), ElementsAre(1, 0));
  EXPECT_THAT(BroadcastStrides(TensorShape({}), TensorShape({2, 3})), ElementsAre(0, 0));
  EXPECT_THAT(BroadcastStrides(TensorShape({2, 3}), TensorShape({2, 3})), ElementsAre(3, 1));
}

TEST(BroadcastTest, WalkVisitsEveryOutputElementWithItsInputs) {
  // [2,1,2] and [3,1] -> [2,3,2].
  const TensorShape a({2, 1, 2});
  const TensorShape b({3, 1});
  const TensorShape out({2, 3, 2});
  std::vector<std::array<int64_t, 3>> seen;
  ForEachBroadcastIndex<2>(out, {a, b}, [&](int64_t i, const std::array<int64_t, 2>& in) {
    seen.push_back({i, in[0], in[1]});
  });
  ASSERT_EQ(seen.size(), 12u);
  for (int64_t i = 0; i < 12; ++i) {
    const int64_t d0 = i / 6, d1 = (i / 2) % 3, d2 = i % 2;
    EXPECT_EQ(seen[i][0], i);
    EXPECT_EQ(seen[i][1], d0 * 2 + d2) << i;
    EXPECT_EQ(seen[i][2], d1) << i;
  }
  int calls = 0;
  ForEachBroadcastIndex<1>(TensorShape({0, 3}), {TensorShape({3})},
                           [&](int64_t, const std::array<int64_t, 1>&) { ++calls; });
  EXPECT_EQ(calls, 0);
  ForEachBroadcastIndex<1>(TensorShape({}), {TensorShape({})},
                           [&](int64_t i, const std::array<int64_t, 1>& in) {
                             EXPECT_EQ(i, 0);
                             EXPECT_EQ(in[0], 0);
                             ++calls;
                           });
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace rill
