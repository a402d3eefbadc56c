// Reads a checkpoint assembled byte by byte from TensorFlow's format description, independently of
// BundleWriter, TableBuilder and protobuf serialisation: a second implementation of the layout to check
// the reader against. The table is a single data block with prefix-compressed keys, an empty metaindex
// block, an index block and the 48-byte footer.
#include <cstring>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_reader.h"
#include "io/crc32c.h"
#include "io/file_system.h"

namespace rill::io {
namespace {

using ::testing::ElementsAre;

// Minimal encoders written out here on purpose (not io/coding.h).
std::string Varint(uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  s.push_back(static_cast<char>(v));
  return s;
}

std::string Le32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
  return s;
}

uint32_t MaskedCrc(const std::string& s) {
  const uint32_t c = crc32c::Value(s);
  return ((c >> 15) | (c << 17)) + 0xa282ead8u;
}

std::string Block(const std::string& entries, const std::vector<uint32_t>& restarts) {
  std::string b = entries;
  for (uint32_t r : restarts) b += Le32(r);
  b += Le32(static_cast<uint32_t>(restarts.size()));
  return b;
}

std::string WithTrailer(const std::string& block) {
  return block + std::string(1, '\0') + Le32(MaskedCrc(block + std::string(1, '\0')));
}

// Entry: shared, non-shared, value length, key suffix, value.
std::string Entry(size_t shared, const std::string& suffix, const std::string& value) {
  return Varint(shared) + Varint(suffix.size()) + Varint(value.size()) + suffix + value;
}

// Proto fields by hand: tag = field << 3 | wire type.
std::string VarintField(int field, uint64_t v) { return std::string(1, static_cast<char>(field << 3)) + Varint(v); }
std::string BytesField(int field, const std::string& b) {
  return std::string(1, static_cast<char>(field << 3 | 2)) + Varint(b.size()) + b;
}
std::string Fixed32Field(int field, uint32_t v) { return std::string(1, static_cast<char>(field << 3 | 5)) + Le32(v); }
std::string Shape(const std::vector<int64_t>& dims) {
  std::string s;
  for (int64_t d : dims) s += BytesField(2, VarintField(1, d));
  return s;
}

TEST(BundleFixtureTest, ReadsAHandAssembledCheckpoint) {
  // Data file: "dense/bias" float [2] = {0.5, -1}; "dense/kernel" int32 [2,2] = {1,2,3,4};
  // "vocab" string [2] = {"ab", ""}.
  float bias[2] = {0.5f, -1.0f};
  int32_t kernel[4] = {1, 2, 3, 4};
  const std::string bias_bytes(reinterpret_cast<const char*>(bias), 8);
  const std::string kernel_bytes(reinterpret_cast<const char*>(kernel), 16);
  // Strings: varint lengths, masked CRC over the lengths as uint32 LE, then the bytes.
  const std::string lengths_u32 = Le32(2) + Le32(0);
  const uint32_t length_crc = crc32c::Value(lengths_u32);
  const std::string length_checksum = Le32(((length_crc >> 15) | (length_crc << 17)) + 0xa282ead8u);
  const std::string vocab_bytes = Varint(2) + Varint(0) + length_checksum + "ab";
  const uint32_t vocab_crc_raw = crc32c::Value(lengths_u32 + length_checksum + "ab");
  const uint32_t vocab_crc = ((vocab_crc_raw >> 15) | (vocab_crc_raw << 17)) + 0xa282ead8u;
  const std::string data = bias_bytes + kernel_bytes + vocab_bytes;

  const std::string header = VarintField(1, 1) + BytesField(3, VarintField(1, 1));
  const std::string bias_entry = VarintField(1, 1) + BytesField(2, Shape({2})) + VarintField(5, 8) +
                                 Fixed32Field(6, MaskedCrc(bias_bytes));
  const std::string kernel_entry = VarintField(1, 3) + BytesField(2, Shape({2, 2})) + VarintField(4, 8) +
                                   VarintField(5, 16) + Fixed32Field(6, MaskedCrc(kernel_bytes));
  const std::string vocab_entry = VarintField(1, 7) + BytesField(2, Shape({2})) + VarintField(4, 24) +
                                  VarintField(5, vocab_bytes.size()) + Fixed32Field(6, vocab_crc);
  // Keys "", "dense/bias", "dense/kernel" (shares "dense/" with the previous key), "vocab".
  const std::string data_block = Block(Entry(0, "", header) + Entry(0, "dense/bias", bias_entry) +
                                           Entry(6, "kernel", kernel_entry) + Entry(0, "vocab", vocab_entry),
                                       {0});
  const std::string meta_block = Block("", {0});
  const uint64_t meta_offset = data_block.size() + 5;
  const std::string index_block =
      Block(Entry(0, "w", Varint(0) + Varint(data_block.size())), {0});  // "w": successor of "vocab"
  const uint64_t index_offset = meta_offset + meta_block.size() + 5;
  std::string footer = Varint(meta_offset) + Varint(meta_block.size()) + Varint(index_offset) +
                       Varint(index_block.size());
  footer.resize(40, '\0');
  footer += Le32(0x8b80fb57u) + Le32(0xdb477524u);
  const std::string index = WithTrailer(data_block) + WithTrailer(meta_block) + WithTrailer(index_block) + footer;

  const std::string dir = JoinPath(::testing::TempDir(), "bundle_fixture_test");
  ASSERT_OK(CreateDirRecursively(dir));
  const std::string prefix = JoinPath(dir, "model.ckpt-100");
  ASSERT_OK(WriteFileAtomically(prefix + ".index", index));
  ASSERT_OK(WriteFileAtomically(prefix + ".data-00000-of-00001", data));

  ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(prefix));
  EXPECT_THAT(reader->ListEntries(), ElementsAre("dense/bias", "dense/kernel", "vocab"));
  ASSERT_OK_AND_ASSIGN(Tensor b, reader->Lookup("dense/bias"));
  EXPECT_EQ(b.dtype(), DT_FLOAT);
  EXPECT_THAT(b.ToVector<float>(), ElementsAre(0.5f, -1.0f));
  ASSERT_OK_AND_ASSIGN(Tensor k, reader->Lookup("dense/kernel"));
  EXPECT_EQ(k.shape(), TensorShape({2, 2}));
  EXPECT_THAT(k.ToVector<int32_t>(), ElementsAre(1, 2, 3, 4));
  ASSERT_OK_AND_ASSIGN(Tensor row, reader->LookupSlice("dense/kernel", 1, 1));
  EXPECT_THAT(row.ToVector<int32_t>(), ElementsAre(3, 4));
  ASSERT_OK_AND_ASSIGN(Tensor v, reader->Lookup("vocab"));
  EXPECT_THAT(v.ToVector<std::string>(), ElementsAre("ab", ""));
}

}  // namespace
}  // namespace rill::io
