// The tests AssignAdd and AssignSub share (a value-parameterised gtest suite): assign_add_test.cc
// and assign_sub_test.cc instantiate AssignUpdateOpTest with their op and expected values.
#ifndef RILL_OPS_STATE_TESTING_ASSIGN_UPDATE_TEST_SUITE_H_
#define RILL_OPS_STATE_TESTING_ASSIGN_UPDATE_TEST_SUITE_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "graph/scope.h"
#include "ops/state_ops.h"

namespace rill::testing {

// What differs between AssignAdd and AssignSub.
struct AssignUpdateOpParam {
  std::string op;  // "AssignAdd" or "AssignSub"
  Output (*builder)(const Scope&, const Output&, const Output&, const ops::AssignUpdateAttrs&);
  // The int32 variable [1, 2] after one update with [10, 20].
  std::vector<int32_t> after_update;
  // An int32 scalar variable initialised to `wrap_init` and updated with 1 wraps to `wrap_result`.
  int32_t wrap_init = 0;
  int32_t wrap_result = 0;
};

// gtest prints the parameter by op name.
void PrintTo(const AssignUpdateOpParam& param, std::ostream* os);

class AssignUpdateOpTest : public ::testing::TestWithParam<AssignUpdateOpParam> {};

}  // namespace rill::testing

#endif  // RILL_OPS_STATE_TESTING_ASSIGN_UPDATE_TEST_SUITE_H_
