// Tests ExpectKernelRows: matching rows pass, and a wrong expected value or a failing run fails.
#include "ops/testing/kernel_rows.h"

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {
namespace {

TEST(KernelRowsTest, MatchingRowsPass) {
  ExpectKernelRows("AddV2", {{{MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({}, {3})},
                              {},
                              {MakeTensor<float>({2}, {4, 5})}},
                             {{MakeTensor<double>({}, {0.1}), MakeTensor<double>({}, {0.2})},
                              {},
                              {MakeTensor<double>({}, {0.3})},
                              1e-12}});
}

TEST(KernelRowsTest, WrongValueFailsNamingTheRow) {
  EXPECT_NONFATAL_FAILURE(
      ExpectKernelRows("AddV2", {{{MakeTensor<int32_t>({}, {1}), MakeTensor<int32_t>({}, {1})},
                                  {},
                                  {MakeTensor<int32_t>({}, {2})}},
                                 {{MakeTensor<int32_t>({}, {1}), MakeTensor<int32_t>({}, {1})},
                                  {},
                                  {MakeTensor<int32_t>({}, {3})}}}),
      "AddV2 kernel row 1");
}

TEST(KernelRowsTest, FailingRunFails) {
  // ExpectOpOutput asserts that the run succeeds: a fatal failure inside the row's check.
  EXPECT_FATAL_FAILURE(
      ExpectKernelRows("AddV2", {{{MakeTensor<float>({2}, {1, 2}), MakeTensor<float>({3}, {1, 2, 3})},
                                  {},
                                  {MakeTensor<float>({2}, {0, 0})}}}),
      "AddV2 kernel row 0");
}

}  // namespace
}  // namespace rill::testing
