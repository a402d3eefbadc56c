// The symbol table of call_abi.h lists every entry point once, by its name, with its address.
#include "compiler/codegen/call_abi.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace rill::codegen {
namespace {

TEST(CallAbiTest, EverySymbolIsListedOnceWithItsAddress) {
  const auto symbols = CallSymbols();
  ASSERT_EQ(symbols.size(), 15u);
  EXPECT_EQ(symbols[0].first, "rill_rt_sgemm");
  EXPECT_EQ(symbols[0].second, reinterpret_cast<void*>(&rill_rt_sgemm));
  std::set<std::string> names;
  std::set<void*> addresses;
  for (const auto& [name, address] : symbols) {
    EXPECT_NE(address, nullptr) << name;
    EXPECT_EQ(name.rfind("rill_rt_", 0), 0u) << name;
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_TRUE(addresses.insert(address).second) << name;
  }
  EXPECT_TRUE(names.contains("rill_rt_parallel_range"));
  EXPECT_TRUE(names.contains("rill_rt_softmax_xent"));
}

}  // namespace
}  // namespace rill::codegen
