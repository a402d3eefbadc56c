// Deterministic byte mutations for the in-suite fuzz test: bit flips, truncation, splices and
// repeated chunks, half of them at record boundaries so that a good share of cases still parse.
#ifndef RILL_TESTS_FUZZ_MUTATOR_H_
#define RILL_TESTS_FUZZ_MUTATOR_H_

#include <cstdint>
#include <string>
#include <vector>

namespace rill::fuzz {

// A tiny deterministic generator (SplitMix64): the same seed gives the same cases everywhere,
// independent of the standard library's distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform-ish in [0, n); n must be > 0.
  uint64_t Below(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

// The kinds of mutation.
enum class Mutation { kBitFlips, kTruncate, kSplice, kDuplicateChunk };

// How inputs are encoded, which decides where record boundaries are.
enum class Format {
  kBinary,  // protobuf wire format: boundaries between top-level fields (GraphDef nodes)
  kText,    // protobuf text format: line starts
};

// Offsets where a top-level record starts, plus the end: {0, ..., size}. For binary input the
// scan stops at the first malformed field.
std::vector<size_t> RecordBoundaries(const std::string& data, Format format);

// Returns a mutated copy of a random corpus entry:
//   kBitFlips: one bit (half the time) or 2-8 bits flipped;
//   kTruncate: cut at a record boundary (half the time) or at any byte;
//   kSplice: a prefix of one entry + a suffix of another, cut at record boundaries half the time;
//   kDuplicateChunk: a record (half the time) or any byte range repeated at a boundary.
// Repeating a binary record merges a node twice: a cheap way to reach duplicate names. `corpus`
// must not be empty.
std::string Mutate(const std::vector<std::string>& corpus, Mutation kind, Format format, Rng& rng);

}  // namespace rill::fuzz

#endif  // RILL_TESTS_FUZZ_MUTATOR_H_
