// The tests ArgMax and ArgMin share (a value-parameterised gtest suite): arg_max_test.cc and
// arg_min_test.cc instantiate ArgMinMaxOpTest with an ArgMinMaxOpParam that holds only what
// differs between the two ops (name, builder, hand-checked expected indices).
#ifndef RILL_OPS_REDUCE_TESTING_ARG_MIN_MAX_TEST_SUITE_H_
#define RILL_OPS_REDUCE_TESTING_ARG_MIN_MAX_TEST_SUITE_H_

#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "ops/reduce_ops.h"
#include "ops/testing/kernel_rows.h"

namespace rill::testing {

// What differs between ArgMax and ArgMin.
struct ArgMinMaxOpParam {
  std::string op;  // "ArgMax" or "ArgMin"
  Output (*builder)(const Scope&, const Output&, const Output&, const ops::ArgReductionAttrs&);
  // The hand-checked indices on ArgMinMaxKernelInputs(), in order.
  std::vector<Tensor> kernel_expected;
};

// The kernel inputs both ops are checked on (rows without `expected`); ties give the first index:
//   0: x = [[1, 5, 3], [7, -2, 7]] along 1     1: x along 0
//   2: x along int64 -1, output_type int32     3: double [-1e300, -1e301, 0.5, 0.25] along 0
//   4: int32 [-5, -5, -9]                      5: int32 [-5, -9, 3, -9]
//   6: int64 [2^40, 2^40 + 1]                  7: uint8 [[0, 255], [9, 8]] along 1
//   8: bool [false, true, true]                9: bool [true, false, false]
//  10: float [2, 2, 2] along the middle axis   11: float [-inf, inf, 2]   12: float [inf, -inf, 2]
std::vector<KernelRow> ArgMinMaxKernelInputs();

// gtest prints the parameter by op name.
void PrintTo(const ArgMinMaxOpParam& param, std::ostream* os);

class ArgMinMaxOpTest : public ::testing::TestWithParam<ArgMinMaxOpParam> {};

}  // namespace rill::testing

#endif  // RILL_OPS_REDUCE_TESTING_ARG_MIN_MAX_TEST_SUITE_H_
