#include "io/table_reader.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/file_system.h"
#include "io/testing/test_files.h"
#include "io/table_builder.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

std::string TestPath(const std::string& name) {
  return JoinPath(::testing::TempDir(), absl::StrCat("table_reader_test_", name));
}

std::map<std::string, std::string> SampleEntries(int n) {
  std::map<std::string, std::string> m;
  m[""] = "header";
  for (int i = 0; i < n; ++i) {
    m["layer" + std::to_string(i % 7) + "/weights_" + std::to_string(i)] = std::string(i % 23, 'a' + i % 26);
  }
  return m;
}

std::string WriteTable(const std::string& name, const std::map<std::string, std::string>& entries,
                       TableBuilderOptions options = {}) {
  const std::string path = TestPath(name);
  auto file = WritableFile::Create(path);
  EXPECT_OK(file);
  TableBuilder builder(file->get(), options);
  for (const auto& [k, v] : entries) EXPECT_OK(builder.Add(k, v));
  EXPECT_OK(builder.Finish());
  EXPECT_OK((*file)->Close());
  return path;
}

absl::Status ReadAll(const std::string& path, std::map<std::string, std::string>* out) {
  auto reader = TableReader::Open(path);
  if (!reader.ok()) return reader.status();
  return (*reader)->ForEach([out](absl::string_view k, absl::string_view v) {
    (*out)[std::string(k)] = std::string(v);
    return absl::OkStatus();
  });
}

TEST(TableReaderTest, RoundTripsOneAndManyBlocks) {
  for (size_t block_size : {size_t{262144}, size_t{256}}) {
    const auto entries = SampleEntries(500);
    const std::string path = WriteTable("roundtrip", entries, {.block_size = block_size});
    ASSERT_OK_AND_ASSIGN(auto reader, TableReader::Open(path));
    if (block_size == 256) {
      EXPECT_GT(reader->num_data_blocks(), 10);
    }
    std::vector<std::string> keys;
    ASSERT_OK(reader->ForEach([&](absl::string_view k, absl::string_view v) {
      EXPECT_EQ(entries.at(std::string(k)), v);
      keys.emplace_back(k);
      return absl::OkStatus();
    }));
    EXPECT_EQ(keys.size(), entries.size());
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    for (const auto& [k, v] : entries) {
      ASSERT_OK_AND_ASSIGN(std::string got, reader->Get(k));
      EXPECT_EQ(got, v);
    }
    EXPECT_THAT(reader->Get("layer0/weights_"), StatusCodeIs(absl::StatusCode::kNotFound));
    EXPECT_THAT(reader->Get("zzz"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("zzz")));
  }
}

TEST(TableReaderTest, EmptyTable) {
  const std::string path = WriteTable("empty", {});
  std::map<std::string, std::string> got;
  ASSERT_OK(ReadAll(path, &got));
  EXPECT_TRUE(got.empty());
}

TEST(TableReaderTest, EveryByteFlipIsReported) {
  const std::string path = WriteTable("flip_src", SampleEntries(40), {.block_size = 200});
  ASSERT_OK_AND_ASSIGN(std::string good, ReadFileToString(path, 1 << 20));
  const std::string bad_path = TestPath("flip");
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] ^= 0x04;
    ASSERT_OK(testing::WriteTestFile(bad_path, bad));
    std::map<std::string, std::string> got;
    const absl::Status s = ReadAll(bad_path, &got);
    EXPECT_THAT(s, StatusCodeIs(absl::StatusCode::kDataLoss)) << "flip at " << i;
    EXPECT_THAT(std::string(s.message()), HasSubstr(bad_path)) << "flip at " << i;
  }
}

TEST(TableReaderTest, EveryTruncationIsReported) {
  const std::string path = WriteTable("trunc_src", SampleEntries(30), {.block_size = 200});
  ASSERT_OK_AND_ASSIGN(std::string good, ReadFileToString(path, 1 << 20));
  const std::string bad_path = TestPath("trunc");
  for (size_t len = 0; len < good.size(); ++len) {
    ASSERT_OK(testing::WriteTestFile(bad_path, good.substr(0, len)));
    std::map<std::string, std::string> got;
    EXPECT_THAT(ReadAll(bad_path, &got), StatusCodeIs(absl::StatusCode::kDataLoss)) << "length " << len;
  }
  // Extra bytes at the end are damage too (the footer moves).
  ASSERT_OK(WriteFileAtomically(bad_path, good + "x"));
  std::map<std::string, std::string> got;
  EXPECT_THAT(ReadAll(bad_path, &got), StatusCodeIs(absl::StatusCode::kDataLoss));
}

TEST(TableReaderTest, BlockErrorNamesFileAndOffset) {
  const std::string path = WriteTable("named", SampleEntries(60), {.block_size = 200});
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFileToString(path, 1 << 20));
  bytes[250] ^= 0x01;  // inside the second data block
  ASSERT_OK(WriteFileAtomically(path, bytes));
  std::map<std::string, std::string> got;
  EXPECT_THAT(ReadAll(path, &got),
              StatusIs(absl::StatusCode::kDataLoss,
                       ::testing::AllOf(HasSubstr(path), HasSubstr("block at offset"), HasSubstr("checksum"))));
}

TEST(TableReaderTest, MissingFileIsNotFound) {
  EXPECT_THAT(TableReader::Open(TestPath("missing")), StatusCodeIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace rill::io
