// Which Philox stream one execution of a random op draws from: TensorFlow's seed/seed2 attrs,
// the executor's graph seed for unseeded ops, and the executor's Run counter (RandomKey).
//
// Seeds (TensorFlow semantics, plus what rill does where TensorFlow's Python layer decides):
// - seed or seed2 non-zero: the stream is keyed by (seed, seed2) exactly as given. (TensorFlow's
//   Python tf.set_random_seed / op seeds end up in these attrs, so TF graphs keep their seeds.)
// - seed = seed2 = 0 and the executor has a graph seed: seed = graph seed, seed2 = a stable
//   64-bit hash (FNV-1a) of the node name: deterministic across processes, and different for
//   each op (TensorFlow's Python derives seed2 from the op's creation order instead).
// - seed = seed2 = 0 and no graph seed: nondeterministic, as in TensorFlow: seed = the
//   executor's process seed (drawn from the OS once per executor), seed2 = the name hash.
//
// Stream layout: block b of a stream is Philox4x32_10(counter, key) with
//   key     = (seed low word, seed high word),
//   counter = (b low word, b high word, seed2 low ^ step high, seed2 high ^ step low).
// At step 0 this is TensorFlow's PhiloxRandom(seed, seed2) key/counter layout, so step 0 is
// meant to reproduce the words TensorFlow's CPU kernels draw on their first run (by design; not
// checked against TensorFlow itself, which later runs continue statefully). Every step gets its
// own counter range, so successive Runs draw new numbers. (seed2, step) pairs map to distinct
// counters whenever seed2 < 2^32 and step < 2^32.
// Nothing depends on thread count or evaluation order: element i is a function of (seeds, step,
// i) alone (see random_fill.h).
#ifndef RILL_OPS_RANDOM_RANDOM_STREAM_H_
#define RILL_OPS_RANDOM_RANDOM_STREAM_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ops/attr_slice.h"
#include "ops/kernel_context.h"
#include "ops/random/philox.h"

namespace rill::random {

// The two 64-bit seeds that key a stream (after the rules above).
struct OpSeeds {
  uint64_t seed = 0;
  uint64_t seed2 = 0;
};

// FNV-1a 64 of `name`: stable across processes, builds and platforms (unlike absl::Hash).
uint64_t StableNameHash(absl::string_view name);

// Applies the seed rules above to the node's `seed`/`seed2` attrs (defaults 0) and the
// executor's RandomKey. Errors come from reading the attrs.
absl::StatusOr<OpSeeds> ResolveOpSeeds(const AttrSlice& attrs, absl::string_view node_name,
                                       const RandomKey& key);

// The blocks of one op execution's stream (see the layout above). Cheap to copy.
class PhiloxStream {
 public:
  PhiloxStream(const OpSeeds& seeds, int64_t step);
  // For a kernel: ResolveOpSeeds on the context's attrs and random key, at its step.
  static absl::StatusOr<PhiloxStream> ForKernel(const KernelContext& c);

  // Block `index` of the stream.
  PhiloxBlock Block(uint64_t index) const;

 private:
  PhiloxKey key_;
  uint32_t counter_word2_;
  uint32_t counter_word3_;
};

}  // namespace rill::random

#endif  // RILL_OPS_RANDOM_RANDOM_STREAM_H_
