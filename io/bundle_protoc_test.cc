// Independent check of the index entries' encoding: `protoc --decode_raw` (the system protobuf compiler,
// which knows nothing of rill's .proto files) must decode them to the expected field numbers and values.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_format.h"
#include "io/bundle_writer.h"
#include "io/file_system.h"
#include "io/table_reader.h"

namespace rill::io {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kProtoc[] = "/usr/bin/protoc";

// Runs protoc --decode_raw on `bytes`; returns its output.
std::string DecodeRaw(const std::string& bytes) {
  const std::string in = JoinPath(::testing::TempDir(), "bundle_protoc_test_value.bin");
  EXPECT_OK(WriteFileAtomically(in, bytes));
  const std::string cmd = absl::StrCat(kProtoc, " --decode_raw < '", in, "' 2>&1");
  FILE* p = ::popen(cmd.c_str(), "r");
  EXPECT_NE(p, nullptr);
  if (p == nullptr) return "";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << out;
  return out;
}

TEST(BundleProtocTest, EntriesDecodeToTheExpectedFields) {
  if (::access(kProtoc, X_OK) != 0) GTEST_SKIP() << kProtoc << " is not installed (Debian's protobuf-compiler)";
  const std::string prefix = JoinPath(JoinPath(::testing::TempDir(), "bundle_protoc_test"), "ckpt");
  ASSERT_OK_AND_ASSIGN(auto writer, BundleWriter::Create(prefix));
  ASSERT_OK(writer->AddRaw("a", DT_UINT8, TensorShape({4}), "abcd"));
  ASSERT_OK(writer->AddRaw("b", DT_INT32, TensorShape({2, 3}), std::string(24, '\x01')));
  ASSERT_OK(writer->Finish());

  ASSERT_OK_AND_ASSIGN(auto table, TableReader::Open(MetaFilename(prefix)));
  ASSERT_OK_AND_ASSIGN(std::string header, table->Get(""));
  ASSERT_OK_AND_ASSIGN(std::string entry, table->Get("b"));

  // BundleHeaderProto: num_shards (1) = 1, version (3) { producer (1) = 1 }.
  const std::string h = DecodeRaw(header);
  EXPECT_THAT(h, HasSubstr("1: 1"));
  EXPECT_THAT(h, HasSubstr("3 {\n  1: 1\n}"));

  // BundleEntryProto of "b": dtype (1) = 3 (DT_INT32); shape (2) with dims (2) {size (1)} 2 and 3;
  // offset (4) = 4; size (5) = 24; crc32c (6) as fixed32. shard_id (3) is 0, which proto3 (and so
  // TensorFlow) leaves out of the encoding.
  const std::string e = DecodeRaw(entry);
  EXPECT_THAT(e, HasSubstr("1: 3\n"));
  EXPECT_THAT(e, HasSubstr("2 {\n  2 {\n    1: 2\n  }\n  2 {\n    1: 3\n  }\n}"));
  EXPECT_THAT(e, HasSubstr("4: 4\n"));
  EXPECT_THAT(e, HasSubstr("5: 24\n"));
  EXPECT_THAT(e, HasSubstr("6: 0x"));
  EXPECT_THAT(e, Not(HasSubstr("3: ")));
}

}  // namespace
}  // namespace rill::io
