#include "io/block_reader.h"

#include <string>
#include <utility>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/block_builder.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;
using Entries = std::vector<std::pair<std::string, std::string>>;

absl::Status Collect(absl::string_view contents, Entries* out) {
  return ForEachBlockEntry(contents, [out](absl::string_view k, absl::string_view v) {
    out->emplace_back(std::string(k), std::string(v));
    return absl::OkStatus();
  });
}

TEST(BlockReaderTest, RoundTripsBuilderOutput) {
  for (int interval : {1, 3, 16}) {
    BlockBuilder b(interval);
    Entries expected;
    for (int i = 0; i < 100; ++i) {
      expected.emplace_back("prefix/" + std::to_string(1000 + i * 7), std::string(i % 5, 'a' + i % 26));
      b.Add(expected.back().first, expected.back().second);
    }
    Entries got;
    ASSERT_OK(Collect(b.Finish(), &got));
    EXPECT_EQ(got, expected) << "interval " << interval;
  }
}

TEST(BlockReaderTest, EmptyBlock) {
  BlockBuilder b(16);
  Entries got;
  ASSERT_OK(Collect(b.Finish(), &got));
  EXPECT_TRUE(got.empty());
}

TEST(BlockReaderTest, RejectsMalformedBlocks) {
  Entries got;
  EXPECT_THAT(Collect("ab", &got), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("too small")));
  // Claims a million restart points.
  EXPECT_THAT(Collect(std::string("\x40\x42\x0f\x00", 4), &got),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("restart")));
  // Entry whose value runs past the block.
  EXPECT_THAT(Collect(std::string("\x00\x01\x7f" "k" "\0\0\0\0\x01\0\0\0", 12), &got),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("past the end")));
  // First entry shares bytes with a key that does not exist.
  EXPECT_THAT(Collect(std::string("\x03\x01\x00" "k" "\0\0\0\0\x01\0\0\0", 12), &got),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("shared")));
  // Restart point that does not start an entry.
  EXPECT_THAT(Collect(std::string("\x00\x01\x00" "k" "\x02\0\0\0\x01\0\0\0", 12), &got),
              StatusCodeIs(absl::StatusCode::kDataLoss));
  // Truncated entry header.
  EXPECT_THAT(Collect(std::string("\x80" "\0\0\0\0\x01\0\0\0", 9), &got),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry header")));
}

TEST(BlockReaderTest, EveryByteFlipIsHarmless) {
  // Blocks are CRC-protected in tables; the decoder itself must still never misbehave on any input.
  BlockBuilder b(4);
  for (int i = 0; i < 20; ++i) b.Add("key" + std::to_string(10 + i), "value" + std::to_string(i));
  const std::string good(b.Finish());
  for (size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = good;
      bad[i] ^= static_cast<char>(1 << bit);
      Entries got;
      Collect(bad, &got).IgnoreError();  // any status is fine; ASan checks the memory accesses
    }
  }
}

TEST(BlockReaderTest, StopsAtCallbackError) {
  BlockBuilder b(16);
  b.Add("a", "1");
  b.Add("b", "2");
  int calls = 0;
  EXPECT_THAT(ForEachBlockEntry(b.Finish(),
                                [&calls](absl::string_view, absl::string_view) {
                                  ++calls;
                                  return absl::CancelledError("stop");
                                }),
              StatusCodeIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace rill::io
