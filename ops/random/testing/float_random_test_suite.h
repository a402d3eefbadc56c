// The tests the float random ops share (a value-parameterised gtest suite): RandomUniform,
// RandomStandardNormal and TruncatedNormal have the same signature, shape function, seed rules and
// no gradient; each op's test instantiates FloatRandomOpTest and keeps its own golden values,
// edge cases and sample moments.
#ifndef RILL_OPS_RANDOM_TESTING_FLOAT_RANDOM_TEST_SUITE_H_
#define RILL_OPS_RANDOM_TESTING_FLOAT_RANDOM_TEST_SUITE_H_

#include <ostream>
#include <string>

#include "gtest/gtest.h"
#include "graph/scope.h"
#include "ops/random_ops.h"

namespace rill::random::testing {

// What differs between the float random ops: the name and the builder.
struct FloatRandomOpParam {
  std::string op;  // "RandomUniform", "RandomStandardNormal" or "TruncatedNormal"
  Output (*builder)(const Scope&, const Output&, DataType, const ops::RandomAttrs&);
};

// gtest prints the parameter by op name.
void PrintTo(const FloatRandomOpParam& param, std::ostream* os);

class FloatRandomOpTest : public ::testing::TestWithParam<FloatRandomOpParam> {};

}  // namespace rill::random::testing

#endif  // RILL_OPS_RANDOM_TESTING_FLOAT_RANDOM_TEST_SUITE_H_
