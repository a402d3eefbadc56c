#include "io/histogram.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(HistogramTest, DefaultLimitsFollowTensorFlow) {
  const std::vector<double>& limits = DefaultHistogramBucketLimits();
  // 774 positive edges (1e-12 * 1.1^k below 1e20) plus DBL_MAX, mirrored, plus 0.
  ASSERT_EQ(limits.size(), 1551u);
  EXPECT_EQ(limits[775], 0.0);
  EXPECT_EQ(limits[776], 1e-12);
  EXPECT_EQ(limits[777], 1e-12 * 1.1);
  EXPECT_EQ(limits.back(), DBL_MAX);
  EXPECT_EQ(limits.front(), -DBL_MAX);
  EXPECT_EQ(limits[1549], -limits[1]);
  EXPECT_LT(limits[1549], 1e20);
  EXPECT_GE(limits[1549] * 1.1, 1e20);
  EXPECT_TRUE(std::is_sorted(limits.begin(), limits.end()));
  for (size_t i = 777; i < 1550; ++i) EXPECT_EQ(limits[i], limits[i - 1] * 1.1) << i;
}

TEST(HistogramTest, CollapsesEmptyRunsLikeTf) {
  ASSERT_OK_AND_ASSIGN(HistogramProto h, MakeHistogram({0.5, 0.5, -2.0, 3.0}));
  EXPECT_EQ(h.num(), 4);
  EXPECT_EQ(h.min(), -2.0);
  EXPECT_EQ(h.max(), 3.0);
  EXPECT_EQ(h.sum(), 2.0);
  EXPECT_EQ(h.sum_squares(), 0.25 + 0.25 + 4 + 9);
  ASSERT_EQ(h.bucket_size(), h.bucket_limit_size());
  double total = 0;
  for (double c : h.bucket()) total += c;
  EXPECT_EQ(total, 4);
  // Non-empty buckets alternate with single collapsed empty ones: -2, 0.5 (x2), 3 give 3 filled buckets,
  // each preceded by an empty run, plus the trailing empty run.
  EXPECT_EQ(h.bucket_size(), 7);
  const std::vector<double>& limits = DefaultHistogramBucketLimits();
  // -2.0 falls in the bucket whose upper limit is the first edge above -2.0.
  const double upper = *std::upper_bound(limits.begin(), limits.end(), -2.0);
  EXPECT_EQ(h.bucket_limit(1), upper);
  EXPECT_EQ(h.bucket(1), 1);
  EXPECT_EQ(h.bucket_limit(6), DBL_MAX);
  EXPECT_EQ(h.bucket(6), 0);
}

TEST(HistogramTest, EmptyHistogram) {
  ASSERT_OK_AND_ASSIGN(HistogramProto h, MakeHistogram({}));
  EXPECT_EQ(h.num(), 0);
  EXPECT_EQ(h.min(), DBL_MAX);
  EXPECT_EQ(h.max(), -DBL_MAX);
  EXPECT_THAT(h.bucket_limit(), ElementsAre(DBL_MAX));
  EXPECT_THAT(h.bucket(), ElementsAre(0));
}

TEST(HistogramTest, ExtremeFiniteValuesStayInRange) {
  ASSERT_OK_AND_ASSIGN(HistogramProto h, MakeHistogram({DBL_MAX, -DBL_MAX, 0.0}));
  double total = 0;
  for (double c : h.bucket()) total += c;
  EXPECT_EQ(total, 3);
}

TEST(HistogramTest, RejectsNonFinite) {
  EXPECT_THAT(MakeHistogram({1.0, std::numeric_limits<double>::quiet_NaN()}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("value 1")));
  EXPECT_THAT(MakeHistogram({std::numeric_limits<double>::infinity()}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("finite")));
}

}  // namespace
}  // namespace rill::io
