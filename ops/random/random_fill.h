// The element sequences of the random ops, drawn from a PhiloxStream. Each Fill writes elements
// [first, first + out.size()) of the op's sequence into `out`. Element i depends only on the
// stream and i, so any partition of an output (threads, chunks) gives bitwise the same tensor.
//
// Layout (TensorFlow's CPU group layout, so that step 0 is meant to reproduce its sequences):
// - uniform float:   element i = Uint32ToFloat(word i%4 of block i/4).
// - uniform double:  element i = Uint64ToDouble(words 2k, 2k+1 of block i/2), k = i%2.
// - normal float:    block g gives elements 4g..4g+3: BoxMullerFloat of words (0,1) and (2,3).
// - normal double:   block g gives elements 2g, 2g+1: BoxMullerDouble of its four words.
// - truncated normal: group g (4 floats / 2 doubles) reads words in order from block 256g
//   (float) / 128g (double), turns them into Box-Muller pairs and keeps, in order, the values
//   with |z| < 2 until the group is full (TensorFlow reserves 256 words per output).
// - uniform int:     element i = lo + (w mod (hi - lo)), with w = word i%4 of block i/4
//   (int32) or w = word 2k | word 2k+1 << 32 of block i/2, k = i%2 (int64). Slightly biased
//   unless hi - lo is a power of two, as in TensorFlow.
#ifndef RILL_OPS_RANDOM_RANDOM_FILL_H_
#define RILL_OPS_RANDOM_RANDOM_FILL_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "ops/random/random_stream.h"

namespace rill::random {

// Uniform in [0, 1).
void FillUniform(const PhiloxStream& stream, int64_t first, absl::Span<float> out);
void FillUniform(const PhiloxStream& stream, int64_t first, absl::Span<double> out);

// Standard normal (mean 0, standard deviation 1).
void FillNormal(const PhiloxStream& stream, int64_t first, absl::Span<float> out);
void FillNormal(const PhiloxStream& stream, int64_t first, absl::Span<double> out);

// Standard normal restricted to (-2, 2) by rejection. Internal error only if a group finds no
// accepted values in 2^20 draws (a broken generator; it cannot happen with Philox).
absl::Status FillTruncatedNormal(const PhiloxStream& stream, int64_t first, absl::Span<float> out);
absl::Status FillTruncatedNormal(const PhiloxStream& stream, int64_t first, absl::Span<double> out);

// Uniform integers in [lo, hi); requires lo < hi (the caller checks).
void FillUniformInt(const PhiloxStream& stream, int64_t first, int32_t lo, int32_t hi,
                    absl::Span<int32_t> out);
void FillUniformInt(const PhiloxStream& stream, int64_t first, int64_t lo, int64_t hi,
                    absl::Span<int64_t> out);

}  // namespace rill::random

#endif  // RILL_OPS_RANDOM_RANDOM_FILL_H_
