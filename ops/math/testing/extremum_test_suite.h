// The tests Maximum and Minimum share (a value-parameterised gtest suite): maximum_test.cc and
// minimum_test.cc instantiate ExtremumOpTest with their own expected values.
#ifndef RILL_OPS_MATH_TESTING_EXTREMUM_TEST_SUITE_H_
#define RILL_OPS_MATH_TESTING_EXTREMUM_TEST_SUITE_H_

#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "graph/tensor.h"

namespace rill::testing {

// What differs between Maximum and Minimum.
struct ExtremumOpParam {
  std::string op;  // "Maximum" or "Minimum"
  // The result on float [1, NaN, 3, NaN, -inf] vs [2, 1, NaN, NaN, 0] (NaN propagates).
  Tensor nan_expected;
  // The results on ExtremumKernelInputs(), in order.
  std::vector<Tensor> kernel_expected;
};

// The inputs both ops are checked on, one {x, y} pair per row: int32 [[1], [5]] vs [2, 4]
// (broadcast), int64 [min, max] vs [-1, 0], uint8 [0, 255] vs [1, 254], double [1.5, -2, 3] vs 0.
std::vector<std::vector<Tensor>> ExtremumKernelInputs();

// gtest prints the parameter by op name.
void PrintTo(const ExtremumOpParam& param, std::ostream* os);

class ExtremumOpTest : public ::testing::TestWithParam<ExtremumOpParam> {};

}  // namespace rill::testing

#endif  // RILL_OPS_MATH_TESTING_EXTREMUM_TEST_SUITE_H_
