// Tests AssignSub through the suite it shares with AssignAdd
// (testing/assign_update_test_suite.h): shapes, in-place update with copy-on-write, errors
// (uninitialized, shape), integer wrap-around. This file holds AssignSub's expected values.
#include "gtest/gtest.h"
#include "ops/state/testing/assign_update_test_suite.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(AssignSub, AssignUpdateOpTest,
                         ::testing::Values(AssignUpdateOpParam{
                             .op = "AssignSub",
                             .builder = ops::AssignSub,
                             .after_update = {-9, -18},
                             .wrap_init = -2147483647 - 1,
                             .wrap_result = 2147483647,
                         }));

}  // namespace
}  // namespace rill::testing
