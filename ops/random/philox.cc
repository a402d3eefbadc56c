// Philox4x32-10 rounds and the word-to-float conversions (see philox.h).
#include "ops/random/philox.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace rill::random {
namespace {

// The Philox4x32 multipliers and Weyl key increments (Salmon et al., table 2).
constexpr uint32_t kMultiplierA = 0xD2511F53u;
constexpr uint32_t kMultiplierB = 0xCD9E8D57u;
constexpr uint32_t kKeyIncrementA = 0x9E3779B9u;
constexpr uint32_t kKeyIncrementB = 0xBB67AE85u;

// One round: two 32x32->64 multiplies, the high halves xored with the other words and the key.
PhiloxBlock Round(const PhiloxBlock& x, const PhiloxKey& key) {
  const uint64_t product_a = uint64_t{kMultiplierA} * x[0];
  const uint64_t product_b = uint64_t{kMultiplierB} * x[2];
  return {static_cast<uint32_t>(product_b >> 32) ^ x[1] ^ key[0], static_cast<uint32_t>(product_b),
          static_cast<uint32_t>(product_a >> 32) ^ x[3] ^ key[1], static_cast<uint32_t>(product_a)};
}

}  // namespace

PhiloxBlock Philox4x32_10(const PhiloxCounter& counter, const PhiloxKey& key) {
  PhiloxBlock x = counter;
  PhiloxKey k = key;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      // Unsigned arithmetic: the key schedule wraps modulo 2^32 by design.
      k[0] += kKeyIncrementA;
      k[1] += kKeyIncrementB;
    }
    x = Round(x, k);
  }
  return x;
}

float Uint32ToFloat(uint32_t x) {
  const uint32_t bits = (uint32_t{127} << 23) | (x & 0x7fffffu);  // exponent of 1.0
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value - 1.0f;
}

double Uint64ToDouble(uint32_t hi, uint32_t lo) {
  const uint64_t mantissa = (uint64_t{hi & 0xfffffu} << 32) | lo;
  const uint64_t bits = (uint64_t{1023} << 52) | mantissa;  // exponent of 1.0
  double value;
  std::memcpy(&value, &bits, sizeof(value));
  return value - 1.0;
}

void BoxMullerFloat(uint32_t x0, uint32_t x1, float* z0, float* z1) {
  constexpr float kEpsilon = 1.0e-7f;
  const float u1 = std::max(Uint32ToFloat(x0), kEpsilon);
  // The angle is formed in double and rounded once, as TensorFlow's 2 * M_PI * float does.
  const float angle = static_cast<float>(2.0 * std::numbers::pi * Uint32ToFloat(x1));
  const float radius = std::sqrt(-2.0f * std::log(u1));
  *z0 = std::sin(angle) * radius;
  *z1 = std::cos(angle) * radius;
}

void BoxMullerDouble(uint32_t x0, uint32_t x1, uint32_t x2, uint32_t x3, double* z0, double* z1) {
  constexpr double kEpsilon = 1.0e-7;
  const double u1 = std::max(Uint64ToDouble(x0, x1), kEpsilon);
  const double angle = 2.0 * std::numbers::pi * Uint64ToDouble(x2, x3);
  const double radius = std::sqrt(-2.0 * std::log(u1));
  *z0 = std::sin(angle) * radius;
  *z1 = std::cos(angle) * radius;
}

}  // namespace rill::random
