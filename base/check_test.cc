#include "base/check.h"

#include "gtest/gtest.h"

namespace {

TEST(Check, PassingCheckDoesNothing) {
  int evaluated = 0;
  RILL_CHECK(++evaluated == 1, "evaluated once");
  EXPECT_EQ(evaluated, 1);
}

TEST(CheckDeathTest, FailingCheckAbortsWithConditionAndMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(RILL_CHECK(1 + 1 == 3, "arithmetic is broken"),
               "rill internal invariant failed: 1 \\+ 1 == 3: arithmetic is broken");
  EXPECT_DEATH(RILL_CHECK(false), "rill internal invariant failed: false");
}

}  // namespace
