// Proves op registration survives static linking: this test is linked statically (linkstatic)
// against //ops:ops and never refers to any op file's symbols, yet every op is registered,
// because op_library links its objects whole (alwayslink). registration_dropped_test is the
// control experiment without alwayslink.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/op_registry.h"

namespace rill {
namespace {

using ::testing::IsSupersetOf;

TEST(RegistrationTest, AllOpsArePresentWithoutBeingReferenced) {
  std::vector<std::string> names;
  for (const OpRegistration* op : OpRegistry::Global()->List()) names.push_back(op->name());
  EXPECT_THAT(names, IsSupersetOf({"Add", "AddV2", "Const", "Identity", "MatMul", "NoOp",
                                   "Placeholder", "PlaceholderWithDefault", "Relu"}));
  for (const OpRegistration* op : OpRegistry::Global()->List()) {
    EXPECT_TRUE(op->shape_fn) << op->name() << " has no shape function";
  }
}

}  // namespace
}  // namespace rill
