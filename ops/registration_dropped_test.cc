// Control experiment for registration_test: the same op files in a plain static library (no
// alwayslink), linked statically and unreferenced, are dropped by the linker, so nothing is
// registered. If this ever fails, the linker kept them: registration_test then proves nothing
// about alwayslink and should be revisited.
#include "gtest/gtest.h"
#include "ops/op_registry.h"

namespace rill {
namespace {

TEST(RegistrationDroppedTest, OpsVanishWithoutAlwayslink) {
  EXPECT_EQ(OpRegistry::Global()->Find("MatMul"), nullptr);
  EXPECT_EQ(OpRegistry::Global()->Find("Const"), nullptr);
  EXPECT_EQ(OpRegistry::Global()->size(), 0);
}

}  // namespace
}  // namespace rill
