// The tests SigmoidGrad and TanhGrad share (a value-parameterised gtest suite): both are
// composites (y, dy) -> dy * f'(y) with the same shape rules; sigmoid_grad_test.cc and
// tanh_grad_test.cc instantiate ActivationGradOpTest with their forward op and values.
#ifndef RILL_OPS_MATH_TESTING_ACTIVATION_GRAD_TEST_SUITE_H_
#define RILL_OPS_MATH_TESTING_ACTIVATION_GRAD_TEST_SUITE_H_

#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "graph/scope.h"

namespace rill::testing {

// What differs between SigmoidGrad and TanhGrad.
struct ActivationGradOpParam {
  std::string op;  // "SigmoidGrad" or "TanhGrad"
  Output (*forward)(const Scope&, const Output&);                 // ops::Sigmoid, ops::Tanh
  Output (*grad)(const Scope&, const Output&, const Output&);      // ops::SigmoidGrad, ...
  // Four values of y, and the expected results for them with dy = [2, 4, 3, -1] (checked as a
  // float [4] and as a double [2, 2] tensor).
  std::vector<double> y;
  std::vector<double> expected;
};

// gtest prints the parameter by op name.
void PrintTo(const ActivationGradOpParam& param, std::ostream* os);

class ActivationGradOpTest : public ::testing::TestWithParam<ActivationGradOpParam> {};

}  // namespace rill::testing

#endif  // RILL_OPS_MATH_TESTING_ACTIVATION_GRAD_TEST_SUITE_H_
