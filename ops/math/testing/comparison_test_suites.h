// The tests the bool-valued binary ops share, as value-parameterised gtest suites: the orderings
// (Greater, GreaterEqual, Less, LessEqual), the equalities (Equal, NotEqual) and the logical ops
// (LogicalAnd, LogicalOr). Each op's <op>_test.cc instantiates its suite with its expected values.
#ifndef RILL_OPS_MATH_TESTING_COMPARISON_TEST_SUITES_H_
#define RILL_OPS_MATH_TESTING_COMPARISON_TEST_SUITES_H_

#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "ops/math_ops.h"

namespace rill::testing {

// An ordering comparison. kernel_expected follows OrderingKernelInputs().
struct OrderingOpParam {
  std::string op;  // "Greater", ...
  Output (*builder)(const Scope&, const Output&, const Output&);
  std::vector<Tensor> kernel_expected;
};

// The inputs every ordering is checked on, one {x, y} pair per row:
//   0: float [1, 2, 3, NaN, -inf, 1] vs [2, 2, 2, 1, -inf, NaN] (any comparison with NaN is false)
//   1: double [[1], [3]] vs [2, 3] (broadcast to [2, 2])
//   2: int32 [min, 5, 7] vs [max, 5, -7]   3: int64 [min, max] vs 0   4: uint8 [0, 255, 9] vs [255, 0, 9]
std::vector<std::vector<Tensor>> OrderingKernelInputs();

// Equal or NotEqual. kernel_expected follows EqualityKernelInputs().
struct EqualityOpParam {
  std::string op;  // "Equal" or "NotEqual"
  Output (*builder)(const Scope&, const Output&, const Output&, const ops::EqualityAttrs&);
  std::vector<Tensor> kernel_expected;
  // The scalar result for shapes that do not broadcast with incompatible_shape_error = false.
  bool incompatible_result = false;
};

// The inputs both equalities are checked on, one {x, y} pair per row:
//   0: float [1, NaN, 0, -0] vs [1, NaN, -0, 1] (NaN is unequal to itself; -0 == 0)
//   1: double [[1], [2]] vs [1, 2]   2: int32 [min, 3] vs [min, -3]   3: int64 max vs [max, 0]
//   4: uint8 [255, 0] vs [255, 1]    5: string ["a", "b", ""] vs ["a", "B", ""]
//   6: bool [true, false] vs true
std::vector<std::vector<Tensor>> EqualityKernelInputs();

// LogicalAnd or LogicalOr. truth_table follows LogicalKernelInputs().
struct LogicalOpParam {
  std::string op;  // "LogicalAnd" or "LogicalOr"
  std::vector<Tensor> truth_table;
};

// The inputs both logical ops are checked on: [F, F, T, T] vs [F, T, F, T]; [[T], [F]] vs [T, F]
// (broadcast to [2, 2]); an empty [0] vs true.
std::vector<std::vector<Tensor>> LogicalKernelInputs();

// gtest prints each parameter by op name.
void PrintTo(const OrderingOpParam& param, std::ostream* os);
void PrintTo(const EqualityOpParam& param, std::ostream* os);
void PrintTo(const LogicalOpParam& param, std::ostream* os);

class OrderingOpTest : public ::testing::TestWithParam<OrderingOpParam> {};
class EqualityOpTest : public ::testing::TestWithParam<EqualityOpParam> {};
class LogicalOpTest : public ::testing::TestWithParam<LogicalOpParam> {};

}  // namespace rill::testing

#endif  // RILL_OPS_MATH_TESTING_COMPARISON_TEST_SUITES_H_
