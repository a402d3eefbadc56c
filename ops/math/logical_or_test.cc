// Tests LogicalOr (x || y) through the suite it shares with LogicalAnd
// (testing/comparison_test_suites.h): signature (commutative, no gradient), shape table,
// bool-only inputs, truth table with broadcasting. This file holds LogicalOr's truth table.
#include "gtest/gtest.h"
#include "ops/math/testing/comparison_test_suites.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(LogicalOr, LogicalOpTest,
                         ::testing::Values(LogicalOpParam{
                             .op = "LogicalOr",
                             // In the order of LogicalKernelInputs().
                             .truth_table = {
                                 MakeTensor<bool>({4}, {false, true, true, true}),
                                 MakeTensor<bool>({2, 2}, {true, true, true, false}),
                                 MakeTensor<bool>({0}, {}),
                             },
                         }));

}  // namespace
}  // namespace rill::testing
