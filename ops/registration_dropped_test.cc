// Control experiment for registration_test: an op file (NoOp) in a plain static library (no
// alwayslink), linked statically and unreferenced, is dropped by the linker, so nothing is
// registered. If this ever fails, the linker kept them: registration_test then proves nothing
// about alwayslink and should be revisited.
#include "gtest/gtest.h"
#include "ops/op_registry.h"

namespace rill {
namespace {

TEST(RegistrationDroppedTest, OpsVanishWithoutAlwayslink) {
  EXPECT_EQ(OpRegistry::Global()->Find("NoOp"), nullptr);
  EXPECT_EQ(OpRegistry::Global()->size(), 0);
}

}  // namespace
}  // namespace rill
