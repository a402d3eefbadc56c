// Tests AssignAdd through the suite it shares with AssignSub
// (testing/assign_update_test_suite.h): shapes, in-place update with copy-on-write, errors
// (uninitialized, shape), integer wrap-around. This file holds AssignAdd's expected values.
#include "gtest/gtest.h"
#include "ops/state/testing/assign_update_test_suite.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(AssignAdd, AssignUpdateOpTest,
                         ::testing::Values(AssignUpdateOpParam{
                             .op = "AssignAdd",
                             .builder = ops::AssignAdd,
                             .after_update = {11, 22},
                             .wrap_init = 2147483647,
                             .wrap_result = -2147483647 - 1,
                         }));

}  // namespace
}  // namespace rill::testing
