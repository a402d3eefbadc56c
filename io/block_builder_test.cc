#include "io/block_builder.h"

#include <string>

#include "gtest/gtest.h"

namespace rill::io {
namespace {

// Hand-encoded bytes of LevelDB's block format: varint shared, non_shared, value size, key delta, value;
// then fixed32 restart offsets and their count.
TEST(BlockBuilderTest, PrefixCompressesKeysBetweenRestarts) {
  BlockBuilder b(2);
  b.Add("apple", "1");
  b.Add("apricot", "22");
  b.Add("banana", "");
  const std::string expected = std::string("\x00\x05\x01" "apple" "1", 9) +
                               std::string("\x02\x05\x02" "ricot" "22", 10) +
                               std::string("\x00\x06\x00" "banana", 9) +  // restart: full key
                               std::string("\x00\x00\x00\x00", 4) +       // restart at 0
                               std::string("\x13\x00\x00\x00", 4) +       // restart at 19
                               std::string("\x02\x00\x00\x00", 4);        // two restarts
  EXPECT_EQ(std::string(b.Finish()), expected);
}

TEST(BlockBuilderTest, EmptyBlockHasOneRestart) {
  BlockBuilder b(16);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.CurrentSizeEstimate(), 8u);
  EXPECT_EQ(std::string(b.Finish()), std::string("\0\0\0\0\x01\0\0\0", 8));
}

TEST(BlockBuilderTest, SizeEstimateMatchesFinishAndResetStartsOver) {
  BlockBuilder b(16);
  for (int i = 0; i < 40; ++i) b.Add("key" + std::to_string(100 + i), std::string(i, 'v'));
  const size_t estimate = b.CurrentSizeEstimate();
  EXPECT_EQ(b.Finish().size(), estimate);
  b.Reset();
  EXPECT_TRUE(b.empty());
  b.Add("z", "");
  EXPECT_EQ(std::string(b.Finish()), std::string("\x00\x01\x00z\0\0\0\0\x01\0\0\0", 12));
}

}  // namespace
}  // namespace rill::io
