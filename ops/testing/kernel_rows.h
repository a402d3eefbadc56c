// Table-driven kernel checks: rows of {inputs, attrs, expected outputs} run through RunOp, so op
// tests that differ only in their values (Max/Min, the comparisons, ...) share one loop.
#ifndef RILL_OPS_TESTING_KERNEL_ROWS_H_
#define RILL_OPS_TESTING_KERNEL_ROWS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "graph/tensor.h"
#include "ops/testing/op_runner.h"

namespace rill::testing {

// One hand-checked kernel case: run the op on `inputs` (fed Placeholders) with `attrs` and expect
// exactly `expected` (or within `tolerance`, see ExpectOpOutput).
struct KernelRow {
  std::vector<Tensor> inputs;
  OpAttrs attrs;
  std::vector<Tensor> expected;
  double tolerance = 0.0;
};

// gtest check of every row of `rows` with ExpectOpOutput; a failure names the row's index.
void ExpectKernelRows(absl::string_view op, const std::vector<KernelRow>& rows);

}  // namespace rill::testing

#endif  // RILL_OPS_TESTING_KERNEL_ROWS_H_
