// Philox4x32-10, the counter-based generator behind TensorFlow's random ops (Salmon et al.,
// "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11), and TensorFlow's conversions of its
// 32-bit words into uniform floats and standard-normal pairs.
#ifndef RILL_OPS_RANDOM_PHILOX_H_
#define RILL_OPS_RANDOM_PHILOX_H_

#include <array>
#include <cstdint>

namespace rill::random {

// A 128-bit counter, word 0 least significant.
using PhiloxCounter = std::array<uint32_t, 4>;
// A 64-bit key, word 0 least significant.
using PhiloxKey = std::array<uint32_t, 2>;
// The four 32-bit words one Philox call produces.
using PhiloxBlock = std::array<uint32_t, 4>;

// Philox4x32 with 10 rounds: for each key a bijection of the counter (so distinct counters give
// distinct, independent-looking blocks). Matches Random123's published known answers.
PhiloxBlock Philox4x32_10(const PhiloxCounter& counter, const PhiloxKey& key);

// A uniform float in [0, 1) from the low 23 bits of `x` (TensorFlow's Uint32ToFloat): the bits
// become the mantissa of a number in [1, 2), then 1 is subtracted (exact).
float Uint32ToFloat(uint32_t x);
// A uniform double in [0, 1) from 52 bits: the low 20 bits of `hi` and all 32 of `lo`
// (TensorFlow's Uint64ToDouble(x0 = hi, x1 = lo)).
double Uint64ToDouble(uint32_t hi, uint32_t lo);

// Box-Muller: two independent standard normals from two uniform words. The first uniform is
// clamped to >= 1e-7 so log() stays finite (|z| <= about 5.7), as in TensorFlow.
void BoxMullerFloat(uint32_t x0, uint32_t x1, float* z0, float* z1);
// The double version, from four words (two 52-bit uniforms).
void BoxMullerDouble(uint32_t x0, uint32_t x1, uint32_t x2, uint32_t x3, double* z0, double* z1);

}  // namespace rill::random

#endif  // RILL_OPS_RANDOM_PHILOX_H_
