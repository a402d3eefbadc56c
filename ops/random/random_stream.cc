// Seed resolution and the counter layout of random op streams (see random_stream.h).
#include "ops/random/random_stream.h"

#include "base/status_macros.h"

namespace rill::random {

uint64_t StableNameHash(absl::string_view name) {
  uint64_t hash = 0xcbf29ce484222325u;  // FNV-1a 64 offset basis
  for (unsigned char ch : name) {
    hash ^= ch;
    hash *= 0x100000001b3u;  // FNV-1a 64 prime
  }
  return hash;
}

absl::StatusOr<OpSeeds> ResolveOpSeeds(const AttrSlice& attrs, absl::string_view node_name,
                                       const RandomKey& key) {
  ASSIGN_OR_RETURN(int64_t seed, attrs.GetInt("seed"));
  ASSIGN_OR_RETURN(int64_t seed2, attrs.GetInt("seed2"));
  if (seed != 0 || seed2 != 0) {
    return OpSeeds{static_cast<uint64_t>(seed), static_cast<uint64_t>(seed2)};
  }
  const uint64_t name_hash = StableNameHash(node_name);
  if (key.graph_seed.has_value()) {
    return OpSeeds{static_cast<uint64_t>(*key.graph_seed), name_hash};
  }
  return OpSeeds{key.process_seed, name_hash};
}

PhiloxStream::PhiloxStream(const OpSeeds& seeds, int64_t step) {
  const uint64_t step_bits = static_cast<uint64_t>(step);
  key_ = {static_cast<uint32_t>(seeds.seed), static_cast<uint32_t>(seeds.seed >> 32)};
  // The step's words go in swapped, so small steps land in word 3, which small seed2s leave 0.
  counter_word2_ = static_cast<uint32_t>(seeds.seed2) ^ static_cast<uint32_t>(step_bits >> 32);
  counter_word3_ = static_cast<uint32_t>(seeds.seed2 >> 32) ^ static_cast<uint32_t>(step_bits);
}

absl::StatusOr<PhiloxStream> PhiloxStream::ForKernel(const KernelContext& c) {
  ASSIGN_OR_RETURN(OpSeeds seeds, ResolveOpSeeds(c.attrs(), c.node_name(), c.random_key()));
  return PhiloxStream(seeds, c.random_key().step);
}

PhiloxBlock PhiloxStream::Block(uint64_t index) const {
  return Philox4x32_10({static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32),
                        counter_word2_, counter_word3_},
                       key_);
}

}  // namespace rill::random
