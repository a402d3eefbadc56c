// Tests the seed rules and the counter layout of random streams (random_stream.h).
#include "ops/random/random_stream.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/attr_value.pb.h"
#include "gtest/gtest.h"

namespace rill::random {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// The attrs of a random node; `op_def` supplies defaults when a seed attr is absent.
class SeedAttrs {
 public:
  SeedAttrs(std::map<std::string, int64_t> values) {  // NOLINT: test literal
    for (const auto& [name, v] : values) attrs_[name].set_i(v);
    OpDef::AttrDef* seed = def_.add_attr();
    seed->set_name("seed");
    seed->mutable_default_value()->set_i(0);
    OpDef::AttrDef* seed2 = def_.add_attr();
    seed2->set_name("seed2");
    seed2->mutable_default_value()->set_i(0);
  }
  AttrSlice slice() const { return AttrSlice(attrs_, &def_); }

 private:
  AttrMap attrs_;
  OpDef def_;
};

TEST(RandomStreamTest, StableNameHashIsFnv1a) {
  // FNV-1a 64 test vectors (Fowler/Noll/Vo): fixed forever, independent of the process.
  EXPECT_EQ(StableNameHash(""), 0xcbf29ce484222325u);
  EXPECT_EQ(StableNameHash("a"), 0xaf63dc4c8601ec8cu);
  EXPECT_EQ(StableNameHash("foobar"), 0x85944171f73967e8u);
}

TEST(RandomStreamTest, ExplicitSeedsWin) {
  RandomKey key{.graph_seed = 99, .process_seed = 5, .step = 3};
  ASSERT_OK_AND_ASSIGN(OpSeeds s,
                       ResolveOpSeeds(SeedAttrs({{"seed", 7}, {"seed2", 11}}).slice(), "r", key));
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.seed2, 11u);
  // Either seed non-zero is enough (TensorFlow's rule); the other stays 0.
  ASSERT_OK_AND_ASSIGN(s, ResolveOpSeeds(SeedAttrs({{"seed2", 4}}).slice(), "r", key));
  EXPECT_EQ(s.seed, 0u);
  EXPECT_EQ(s.seed2, 4u);
  // Negative seeds are kept as their two's-complement bits.
  ASSERT_OK_AND_ASSIGN(s, ResolveOpSeeds(SeedAttrs({{"seed", -1}}).slice(), "r", key));
  EXPECT_EQ(s.seed, ~uint64_t{0});
}

TEST(RandomStreamTest, GraphSeedAndNameHashForUnseededOps) {
  RandomKey key{.graph_seed = 99, .process_seed = 5};
  ASSERT_OK_AND_ASSIGN(OpSeeds a, ResolveOpSeeds(SeedAttrs({}).slice(), "dropout/r", key));
  ASSERT_OK_AND_ASSIGN(OpSeeds b, ResolveOpSeeds(SeedAttrs({}).slice(), "other", key));
  EXPECT_EQ(a.seed, 99u);
  EXPECT_EQ(a.seed2, StableNameHash("dropout/r"));
  EXPECT_NE(a.seed2, b.seed2);  // each op its own stream
}

TEST(RandomStreamTest, ProcessSeedWithoutGraphSeed) {
  RandomKey key{.process_seed = 1234};
  ASSERT_OK_AND_ASSIGN(OpSeeds s, ResolveOpSeeds(SeedAttrs({}).slice(), "r", key));
  EXPECT_EQ(s.seed, 1234u);
  EXPECT_EQ(s.seed2, StableNameHash("r"));
}

TEST(RandomStreamTest, BadSeedAttr) {
  AttrMap attrs;
  attrs["seed"].set_s("x");
  OpDef def;
  EXPECT_THAT(ResolveOpSeeds(AttrSlice(attrs, &def), "r", {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("seed")));
}

TEST(RandomStreamTest, LayoutAtStepZeroIsTensorFlowsPhilox) {
  // Key = seed, counter = (block, seed2): TensorFlow's PhiloxRandom(seed, seed2) at step 0.
  const uint64_t seed = 0x299f31d0a4093822u, seed2 = 0x0370734413198a2eu;
  PhiloxStream stream({seed, seed2}, 0);
  const uint64_t block = 0x85a308d3243f6a88u;
  EXPECT_EQ(stream.Block(block), (PhiloxBlock{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
  EXPECT_EQ(PhiloxStream({0, 0}, 0).Block(0),
            (PhiloxBlock{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
}

TEST(RandomStreamTest, LayoutPutsTheStepIntoTheHighCounterWords) {
  // Step s xors s's low word into counter word 3 and its high word into word 2.
  const PhiloxKey key = {7, 0};
  EXPECT_EQ(PhiloxStream({7, 11}, 5).Block(3), Philox4x32_10({3, 0, 11, 5}, key));
  EXPECT_EQ(PhiloxStream({7, 11}, int64_t{1} << 32).Block(3), Philox4x32_10({3, 0, 10, 0}, key));
  EXPECT_EQ(PhiloxStream({7, (uint64_t{2} << 32) | 11}, 5).Block(uint64_t{1} << 33),
            Philox4x32_10({0, 2, 11, 7}, key));
}

TEST(RandomStreamTest, StepsAndSeedsGiveDistinctStreams) {
  std::set<PhiloxBlock> seen;
  for (uint64_t seed2 = 0; seed2 < 8; ++seed2) {
    for (int64_t step = 0; step < 8; ++step) {
      EXPECT_TRUE(seen.insert(PhiloxStream({1, seed2}, step).Block(0)).second)
          << "seed2 " << seed2 << " step " << step;
    }
  }
}

}  // namespace
}  // namespace rill::random
