// Tests LogicalAnd (x && y) through the suite it shares with LogicalOr
// (testing/comparison_test_suites.h): signature (commutative, no gradient), shape table,
// bool-only inputs, truth table with broadcasting. This file holds LogicalAnd's truth table.
#include "gtest/gtest.h"
#include "ops/math/testing/comparison_test_suites.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(LogicalAnd, LogicalOpTest,
                         ::testing::Values(LogicalOpParam{
                             .op = "LogicalAnd",
                             // In the order of LogicalKernelInputs().
                             .truth_table = {
                                 MakeTensor<bool>({4}, {false, false, false, true}),
                                 MakeTensor<bool>({2, 2}, {true, false, false, false}),
                                 MakeTensor<bool>({0}, {}),
                             },
                         }));

}  // namespace
}  // namespace rill::testing
