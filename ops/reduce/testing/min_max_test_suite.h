// The tests Max and Min share (a value-parameterised gtest suite): max_test.cc and min_test.cc
// instantiate MinMaxOpTest with a MinMaxOpParam that holds only what differs between the two ops
// (name, builder, hand-checked kernel values, the tie-breaking offset).
#ifndef RILL_OPS_REDUCE_TESTING_MIN_MAX_TEST_SUITE_H_
#define RILL_OPS_REDUCE_TESTING_MIN_MAX_TEST_SUITE_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "ops/reduce_ops.h"
#include "ops/testing/kernel_rows.h"

namespace rill::testing {

// A rank-1 int32 axes tensor.
Tensor Axes(std::vector<int32_t> axes);

// What differs between Max and Min.
struct MinMaxOpParam {
  std::string op;  // "Max" or "Min"
  Output (*builder)(const Scope&, const Output&, const Output&, const ops::ReductionAttrs&);
  // The hand-checked results of the kernel on MinMaxKernelInputs(), in order (every dtype).
  std::vector<Tensor> kernel_expected;
  // The results on MinMaxEmptyGroupInputs(): the identity of the reduction (-inf or the lowest
  // integer for Max, +inf or the largest for Min).
  std::vector<Tensor> empty_group_expected;
  // The result of reducing [[1, 5, 3], [4, -2, 6]] over the constant axis -1.
  Tensor last_axis_of_2x3;
  // Ties: the op over x * [1, 1, 0] + [0, 0, tie_offset] at x = 0.7 has a tie between the first
  // two elements and the third loses (negative for Max, positive for Min).
  double tie_offset = 0;
};

// The kernel inputs both ops are checked on (rows without `expected`):
//   0: x = [[1, 5, 3], [4, -2, 6]] over axes [1]      1: x over [0]
//   2: x over the scalar axis -2                      3: x over [0, 1], keep_dims
//   4: double [[-1, -7], [0.5, -3]] over int64 [1]    5: int32 [-4, 9, 2] over [0]
//   6: int64 [2^40, -2^40, -1] over [0]               7: uint8 [[200, 3], [7, 255]] over [1], keep_dims
std::vector<KernelRow> MinMaxKernelInputs();
// Reductions over empty groups: float [2, 0] over [1], int32 [0] and uint8 [0] over [0].
std::vector<KernelRow> MinMaxEmptyGroupInputs();

// gtest prints the parameter by op name.
void PrintTo(const MinMaxOpParam& param, std::ostream* os);

class MinMaxOpTest : public ::testing::TestWithParam<MinMaxOpParam> {};

}  // namespace rill::testing

#endif  // RILL_OPS_REDUCE_TESTING_MIN_MAX_TEST_SUITE_H_
