// Runs KernelRow tables through ExpectOpOutput (see kernel_rows.h).
#include "ops/testing/kernel_rows.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace rill::testing {

void ExpectKernelRows(absl::string_view op, const std::vector<KernelRow>& rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(absl::StrCat(op, " kernel row ", i));
    ExpectOpOutput(op, rows[i].inputs, rows[i].attrs, rows[i].expected, rows[i].tolerance);
  }
}

}  // namespace rill::testing
