// Tests the deterministic fuzz mutations and record-boundary scanning.
#include "tests/fuzz/mutator.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::fuzz {
namespace {

TEST(RngTest, DeterministicAndSpread) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_LT(Rng(x).Below(7), 7u);
  }
  EXPECT_NE(a.Next(), c.Next());
}

TEST(MutatorTest, EachKindChangesTheInputDeterministically) {
  const std::vector<std::string> corpus = {std::string(64, 'a'), std::string(64, 'b')};
  for (Mutation kind :
       {Mutation::kBitFlips, Mutation::kTruncate, Mutation::kSplice, Mutation::kDuplicateChunk}) {
    Rng r1(7), r2(7);
    int changed = 0;
    for (int i = 0; i < 50; ++i) {
      const std::string m = Mutate(corpus, kind, Format::kText, r1);
      EXPECT_EQ(m, Mutate(corpus, kind, Format::kText, r2));
      changed += (m != corpus[0] && m != corpus[1]);
    }
    EXPECT_GT(changed, 25) << static_cast<int>(kind);
  }
}

TEST(MutatorTest, KindsDoWhatTheySay) {
  const std::vector<std::string> one = {"0123456789"};
  Rng rng(1);
  EXPECT_LT(Mutate(one, Mutation::kTruncate, Format::kText, rng).size(), 10u);
  EXPECT_GT(Mutate(one, Mutation::kDuplicateChunk, Format::kText, rng).size(), 10u);
  const std::string flipped = Mutate(one, Mutation::kBitFlips, Format::kText, rng);
  EXPECT_EQ(flipped.size(), 10u);
  EXPECT_NE(flipped, one[0]);
  EXPECT_EQ(Mutate({""}, Mutation::kBitFlips, Format::kBinary, rng), "");
}

TEST(RecordBoundariesTest, BinaryTopLevelFieldsAndTextLines) {
  // Two length-delimited fields (tag 0x0a = field 1, wire type 2) and a varint field (0x20).
  const std::string binary = std::string(
      "\x0a\x02"
      "ab"
      "\x0a\x01"
      "c"
      "\x20\x05",
      9);
  EXPECT_THAT(RecordBoundaries(binary, Format::kBinary), ::testing::ElementsAre(0, 4, 7, 9));
  // A malformed field stops the scan; the end is still listed.
  EXPECT_THAT(RecordBoundaries(std::string("\x0a\x09"
                                           "ab",
                                           4),
                               Format::kBinary),
              ::testing::ElementsAre(0, 4));
  EXPECT_THAT(RecordBoundaries("a\nbc\n", Format::kText), ::testing::ElementsAre(0, 2, 5));
  EXPECT_THAT(RecordBoundaries("a\nbc", Format::kText), ::testing::ElementsAre(0, 2, 4));
}

}  // namespace
}  // namespace rill::fuzz
