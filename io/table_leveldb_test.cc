// Independent check of the table format against Debian's libleveldb: TensorFlow's table format is
// LevelDB's, so LevelDB must read rill's tables, and LevelDB's builder (with TF's options) must produce the
// very same bytes.
#include <leveldb/env.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/table.h>
#include <leveldb/table_builder.h>

#include <map>
#include <memory>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/file_system.h"
#include "io/table_builder.h"
#include "io/table_reader.h"

namespace rill::io {
namespace {

std::map<std::string, std::string> Entries(int n, int value_len) {
  std::map<std::string, std::string> m;
  m[""] = "header-proto-bytes";
  for (int i = 0; i < n; ++i) {
    std::string v(value_len + i % 13, '\0');
    for (size_t j = 0; j < v.size(); ++j) v[j] = static_cast<char>(i * 31 + j);
    m["model/layer_" + std::to_string(i % 9) + "/kernel/part" + std::to_string(i)] = v;
  }
  m[std::string("\xff\xff", 2)] = "max";
  return m;
}

leveldb::Options TfTableOptions(size_t block_size) {
  leveldb::Options o;
  o.compression = leveldb::kNoCompression;
  o.block_size = block_size;
  o.block_restart_interval = 16;
  o.filter_policy = nullptr;
  o.paranoid_checks = true;
  return o;
}

std::string WriteWithRill(const std::string& path, const std::map<std::string, std::string>& entries,
                          size_t block_size) {
  auto file = WritableFile::Create(path);
  EXPECT_OK(file);
  TableBuilder builder(file->get(), {.block_size = block_size});
  for (const auto& [k, v] : entries) EXPECT_OK(builder.Add(k, v));
  EXPECT_OK(builder.Finish());
  EXPECT_OK((*file)->Close());
  auto bytes = ReadFileToString(path, 1 << 26);
  EXPECT_OK(bytes);
  return *bytes;
}

std::string WriteWithLevelDb(const std::string& path, const std::map<std::string, std::string>& entries,
                             size_t block_size) {
  leveldb::WritableFile* raw = nullptr;
  EXPECT_TRUE(leveldb::Env::Default()->NewWritableFile(path, &raw).ok());
  std::unique_ptr<leveldb::WritableFile> file(raw);
  leveldb::TableBuilder builder(TfTableOptions(block_size), file.get());
  for (const auto& [k, v] : entries) builder.Add(k, v);
  EXPECT_TRUE(builder.Finish().ok());
  EXPECT_TRUE(file->Close().ok());
  auto bytes = ReadFileToString(path, 1 << 26);
  EXPECT_OK(bytes);
  return *bytes;
}

class TableLevelDbTest : public ::testing::TestWithParam<std::tuple<int, int, size_t>> {};

TEST_P(TableLevelDbTest, LevelDbReadsRillTables) {
  const auto [n, value_len, block_size] = GetParam();
  const auto entries = Entries(n, value_len);
  const std::string path = JoinPath(::testing::TempDir(), "table_leveldb_test_rill");
  const std::string bytes = WriteWithRill(path, entries, block_size);

  leveldb::RandomAccessFile* raw = nullptr;
  ASSERT_TRUE(leveldb::Env::Default()->NewRandomAccessFile(path, &raw).ok());
  std::unique_ptr<leveldb::RandomAccessFile> file(raw);
  leveldb::Table* table_raw = nullptr;
  const leveldb::Status s = leveldb::Table::Open(TfTableOptions(block_size), file.get(), bytes.size(), &table_raw);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::unique_ptr<leveldb::Table> table(table_raw);
  leveldb::ReadOptions ro;
  ro.verify_checksums = true;
  std::unique_ptr<leveldb::Iterator> it(table->NewIterator(ro));
  auto expected = entries.begin();
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    ASSERT_NE(expected, entries.end());
    EXPECT_EQ(it->key().ToString(), expected->first);
    EXPECT_EQ(it->value().ToString(), expected->second);
  }
  EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  EXPECT_EQ(expected, entries.end());
  // Point lookups through LevelDB's index.
  for (const auto& [k, v] : entries) {
    it->Seek(k);
    ASSERT_TRUE(it->Valid()) << k;
    EXPECT_EQ(it->key().ToString(), k);
    EXPECT_EQ(it->value().ToString(), v);
  }
}

TEST_P(TableLevelDbTest, SameBytesAsLevelDbBuilderAndRillReadsThem) {
  const auto [n, value_len, block_size] = GetParam();
  const auto entries = Entries(n, value_len);
  const std::string rill_bytes =
      WriteWithRill(JoinPath(::testing::TempDir(), "table_leveldb_test_a"), entries, block_size);
  const std::string ldb_path = JoinPath(::testing::TempDir(), "table_leveldb_test_b");
  const std::string leveldb_bytes = WriteWithLevelDb(ldb_path, entries, block_size);
  EXPECT_EQ(rill_bytes.size(), leveldb_bytes.size());
  EXPECT_TRUE(rill_bytes == leveldb_bytes) << "rill's table differs from LevelDB's";

  ASSERT_OK_AND_ASSIGN(auto reader, TableReader::Open(ldb_path));
  std::map<std::string, std::string> got;
  ASSERT_OK(reader->ForEach([&](absl::string_view k, absl::string_view v) {
    got[std::string(k)] = std::string(v);
    return absl::OkStatus();
  }));
  EXPECT_EQ(got, entries);
}

INSTANTIATE_TEST_SUITE_P(Sizes, TableLevelDbTest,
                         ::testing::Values(std::make_tuple(0, 0, size_t{262144}),
                                           std::make_tuple(5, 8, size_t{262144}),
                                           std::make_tuple(300, 40, size_t{262144}),
                                           std::make_tuple(300, 40, size_t{1024}),
                                           std::make_tuple(2000, 300, size_t{262144})));

}  // namespace
}  // namespace rill::io
