// Test-only gMock matcher HoldsValue(m): an OK absl::StatusOr whose value matches m.
// (base/status_matchers.h has no IsOkAndHolds yet; this would move there.)
#ifndef RILL_OPS_TESTING_HOLDS_VALUE_H_
#define RILL_OPS_TESTING_HOLDS_VALUE_H_

#include <string>

#include "gmock/gmock.h"

namespace rill::testing {

MATCHER_P(HoldsValue, matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(matcher, *arg, result_listener);
}

}  // namespace rill::testing

#endif  // RILL_OPS_TESTING_HOLDS_VALUE_H_
