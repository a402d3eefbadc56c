// Tests Philox4x32-10 against Random123's published known answers, and the word conversions.
#include "ops/random/philox.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace rill::random {
namespace {

TEST(PhiloxTest, Random123KnownAnswers) {
  EXPECT_EQ(Philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (PhiloxBlock{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(
      Philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
      (PhiloxBlock{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(
      Philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
      (PhiloxBlock{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(PhiloxTest, NeighbouringCountersDiffer) {
  // A bijection per key: a one-bit change of the counter changes the block.
  EXPECT_NE(Philox4x32_10({0, 0, 0, 0}, {1, 0}), Philox4x32_10({1, 0, 0, 0}, {1, 0}));
  EXPECT_NE(Philox4x32_10({0, 0, 0, 0}, {1, 0}), Philox4x32_10({0, 0, 0, 1}, {1, 0}));
  EXPECT_NE(Philox4x32_10({0, 0, 0, 0}, {1, 0}), Philox4x32_10({0, 0, 0, 0}, {0, 1}));
}

TEST(PhiloxTest, Uint32ToFloat) {
  EXPECT_EQ(Uint32ToFloat(0), 0.0f);
  // Only the low 23 bits count.
  EXPECT_EQ(Uint32ToFloat(0xff800000u), 0.0f);
  EXPECT_EQ(Uint32ToFloat(0x400000u), 0.5f);
  EXPECT_EQ(Uint32ToFloat(1), std::ldexp(1.0f, -23));
  // The largest value is 1 - 2^-23: strictly below 1.
  EXPECT_EQ(Uint32ToFloat(0xffffffffu), 1.0f - std::ldexp(1.0f, -23));
  EXPECT_LT(Uint32ToFloat(0xffffffffu), 1.0f);
}

TEST(PhiloxTest, Uint64ToDouble) {
  EXPECT_EQ(Uint64ToDouble(0, 0), 0.0);
  // hi gives the top 20 mantissa bits, lo the low 32; bits above 20 in hi are ignored.
  EXPECT_EQ(Uint64ToDouble(0x80000u, 0), 0.5);
  EXPECT_EQ(Uint64ToDouble(0xfff00000u, 0), 0.0);
  EXPECT_EQ(Uint64ToDouble(0, 1), std::ldexp(1.0, -52));
  EXPECT_EQ(Uint64ToDouble(0xffffffffu, 0xffffffffu), 1.0 - std::ldexp(1.0, -52));
}

TEST(PhiloxTest, BoxMullerFloat) {
  float z0, z1;
  // u1 = 0.5, angle = 2*pi*0.25: radius sqrt(2 ln 2), sin = 1, cos ~ 0.
  BoxMullerFloat(0x400000u, 0x200000u, &z0, &z1);
  EXPECT_NEAR(z0, std::sqrt(2.0 * std::log(2.0)), 1e-6);
  EXPECT_NEAR(z1, 0.0, 1e-6);
  // u1 = 0 is clamped to 1e-7: the radius stays finite (sqrt(-2 ln 1e-7) ~ 5.68).
  BoxMullerFloat(0, 0, &z0, &z1);
  EXPECT_NEAR(z0, 0.0, 1e-6);
  EXPECT_NEAR(z1, std::sqrt(-2.0 * std::log(1e-7)), 1e-4);
  EXPECT_TRUE(std::isfinite(z1));
}

TEST(PhiloxTest, BoxMullerDouble) {
  double z0, z1;
  // u1 = 0.25, angle = 2*pi*0.5: sin ~ 0, cos = -1.
  BoxMullerDouble(0x40000u, 0, 0x80000u, 0, &z0, &z1);
  EXPECT_NEAR(z0, 0.0, 1e-12);
  EXPECT_NEAR(z1, -std::sqrt(-2.0 * std::log(0.25)), 1e-12);
  BoxMullerDouble(0, 0, 0, 0, &z0, &z1);
  EXPECT_NEAR(z1, std::sqrt(-2.0 * std::log(1e-7)), 1e-12);
}

}  // namespace
}  // namespace rill::random
