// The tests Softmax and LogSoftmax share (a value-parameterised gtest suite): both are composites
// with reference kernels over the last dim with the same shape rules; softmax_test.cc and log_softmax_test.cc instantiate
// SoftmaxOpTest with their own expected values and primitives.
#ifndef RILL_OPS_NN_TESTING_SOFTMAX_TEST_SUITE_H_
#define RILL_OPS_NN_TESTING_SOFTMAX_TEST_SUITE_H_

#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "graph/scope.h"
#include "graph/tensor.h"

namespace rill::testing {

// One expected result of the expansion, within absolute tolerance `atol` (rtol as TensorNear's).
struct SoftmaxExpected {
  Tensor value;
  double atol = 0;
};

// What differs between Softmax and LogSoftmax.
struct SoftmaxOpParam {
  std::string op;      // "Softmax" or "LogSoftmax"
  std::string output;  // the output arg's name: "softmax" or "logsoftmax"
  Output (*builder)(const Scope&, const Output&);
  // The hand-checked results on SoftmaxInputs(), in order.
  std::vector<SoftmaxExpected> expected;
  // Primitives the expansion must contain.
  std::vector<std::string> primitives;
};

// The logits both ops are checked on (always along the last dim):
//   0: double [[0, log 3], [5, 5]]
//   1: float [[1000, 1000, -1000]] (huge logits stay finite; tiny probabilities keep their log)
//   2: float [-7] (rank 1)   3: double [2, 1, 2] [0, 0, log 3, 0] (rank 3)   4: float [0, 3]
std::vector<Tensor> SoftmaxInputs();

// gtest prints the parameter by op name.
void PrintTo(const SoftmaxOpParam& param, std::ostream* os);

class SoftmaxOpTest : public ::testing::TestWithParam<SoftmaxOpParam> {};

}  // namespace rill::testing

#endif  // RILL_OPS_NN_TESTING_SOFTMAX_TEST_SUITE_H_
