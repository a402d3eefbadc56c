#include "io/bundle_reader.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_format.h"
#include "io/bundle_writer.h"
#include "io/file_system.h"
#include "io/testing/test_files.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TestPrefix(const std::string& name) {
  return JoinPath(JoinPath(::testing::TempDir(), "bundle_reader_test"), name);
}

Tensor MustTensor(absl::StatusOr<Tensor> t) {
  EXPECT_OK(t);
  return t.ok() ? *std::move(t) : Tensor();
}

// A bundle with one tensor of each supported dtype, NaN and -0.0 included.
std::map<std::string, Tensor> SampleTensors() {
  std::map<std::string, Tensor> m;
  m["f32"] = MustTensor(Tensor::FromVector<float>(
      {1.0f, -0.0f, std::numeric_limits<float>::quiet_NaN(), 3.4e38f, 1e-45f, -7.25f}, TensorShape({2, 3})));
  m["f64"] = MustTensor(Tensor::FromVector<double>({3.141592653589793, -1e300}, TensorShape({2})));
  m["i32"] = MustTensor(Tensor::FromVector<int32_t>({1, -2, 2147483647, -2147483647 - 1}, TensorShape({4, 1})));
  m["i64"] = Tensor::Scalar<int64_t>(-9000000000000000000);
  m["u8"] = MustTensor(Tensor::FromVector<uint8_t>({0, 255, 7}, TensorShape({3})));
  m["bool"] = MustTensor(Tensor::FromVector<bool>({true, false, true}, TensorShape({3})));
  m["str"] = MustTensor(Tensor::FromVector<std::string>({"alpha", "", std::string(300, '\0')}, TensorShape({3})));
  m["empty"] = MustTensor(Tensor::Create(DT_FLOAT, TensorShape({0, 5})));
  m["empty_str"] = MustTensor(Tensor::Create(DT_STRING, TensorShape({0})));
  m["scope/nested/name"] = MustTensor(Tensor::FromVector<float>({1, 2, 3, 4, 5, 6, 7, 8}, TensorShape({4, 2})));
  return m;
}

std::string WriteSample(const std::string& name) {
  const std::string prefix = TestPrefix(name);
  auto writer = BundleWriter::Create(prefix);
  EXPECT_OK(writer);
  for (const auto& [n, t] : SampleTensors()) EXPECT_OK((*writer)->Add(n, t));
  EXPECT_OK((*writer)->Finish());
  return prefix;
}

TEST(BundleReaderTest, RoundTripsEveryDtypeBitExactly) {
  const std::string prefix = WriteSample("roundtrip");
  ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(prefix));
  const auto expected = SampleTensors();
  std::vector<std::string> names;
  for (const auto& [n, t] : expected) names.push_back(n);
  EXPECT_EQ(reader->ListEntries(), names);
  for (const auto& [n, t] : expected) {
    SCOPED_TRACE(n);
    EXPECT_TRUE(reader->Contains(n));
    ASSERT_OK_AND_ASSIGN(BundleEntryInfo info, reader->GetEntry(n));
    EXPECT_EQ(info.dtype, t.dtype());
    EXPECT_EQ(info.shape, t.shape());
    ASSERT_OK_AND_ASSIGN(Tensor got, reader->Lookup(n));
    EXPECT_TRUE(got.BitwiseEqual(t)) << got.DebugString() << " vs " << t.DebugString();
  }
  EXPECT_FALSE(reader->Contains("nope"));
  EXPECT_THAT(reader->Lookup("nope"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("'nope'")));
  EXPECT_THAT(reader->GetEntry(""), StatusCodeIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(reader->header().num_shards(), 1);
}

TEST(BundleReaderTest, LookupSliceReadsRows) {
  const std::string prefix = WriteSample("slice");
  ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(prefix));
  for (bool verify : {false, true}) {
    ASSERT_OK_AND_ASSIGN(Tensor rows, reader->LookupSlice("scope/nested/name", 1, 2, verify));
    EXPECT_EQ(rows.shape(), TensorShape({2, 2}));
    EXPECT_THAT(rows.ToVector<float>(), ElementsAre(3, 4, 5, 6));
  }
  ASSERT_OK_AND_ASSIGN(Tensor none, reader->LookupSlice("scope/nested/name", 4, 0));
  EXPECT_EQ(none.shape(), TensorShape({0, 2}));
  ASSERT_OK_AND_ASSIGN(Tensor all, reader->LookupSlice("f32", 0, 2));
  EXPECT_TRUE(all.BitwiseEqual(SampleTensors()["f32"]));
  EXPECT_THAT(reader->LookupSlice("scope/nested/name", 3, 2), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(reader->LookupSlice("scope/nested/name", -1, 1), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(reader->LookupSlice("i64", 0, 1), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(reader->LookupSlice("str", 0, 1), StatusCodeIs(absl::StatusCode::kUnimplemented));
}

TEST(BundleReaderTest, CorruptDataByteNamesTheTensor) {
  const std::string prefix = WriteSample("corrupt_data");
  const std::string data_path = DataFilename(prefix, 0, 1);
  ASSERT_OK_AND_ASSIGN(auto clean, BundleReader::Open(prefix));
  ASSERT_OK_AND_ASSIGN(BundleEntryProto f64, clean->GetEntryProto("f64"));
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFileToString(data_path, 1 << 20));
  bytes[f64.offset() + 3] ^= 0x40;
  ASSERT_OK(WriteFileAtomically(data_path, bytes));
  ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(prefix));
  EXPECT_THAT(reader->Lookup("f64"),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr("'f64'"), HasSubstr("checksum mismatch"), HasSubstr(data_path))));
  EXPECT_THAT(reader->LookupSlice("f64", 0, 1, /*verify_checksum=*/true),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("'f64'")));
  EXPECT_THAT(reader->ReadRawBytes("f64"), StatusCodeIs(absl::StatusCode::kDataLoss));
  EXPECT_OK(reader->Lookup("f32"));  // the other tensors are intact
}

TEST(BundleReaderTest, EveryDataByteFlipIsCaught) {
  const std::string prefix = WriteSample("flip_data");
  const std::string data_path = DataFilename(prefix, 0, 1);
  ASSERT_OK_AND_ASSIGN(std::string good, ReadFileToString(data_path, 1 << 20));
  for (size_t i = 0; i < good.size(); i += 3) {
    std::string bad = good;
    bad[i] ^= 0x01;
    ASSERT_OK(testing::WriteTestFile(data_path, bad));
    ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(prefix));
    int failures = 0;
    for (const std::string& n : reader->ListEntries()) failures += !reader->Lookup(n).ok();
    EXPECT_EQ(failures, 1) << "flip at " << i;
  }
}

TEST(BundleReaderTest, TruncatedOrMissingDataFile) {
  const std::string prefix = WriteSample("truncated");
  const std::string data_path = DataFilename(prefix, 0, 1);
  ASSERT_OK_AND_ASSIGN(std::string good, ReadFileToString(data_path, 1 << 20));
  ASSERT_OK(WriteFileAtomically(data_path, good.substr(0, good.size() - 1)));
  EXPECT_THAT(BundleReader::Open(prefix),
              StatusIs(absl::StatusCode::kDataLoss, AllOf(HasSubstr("truncated"), HasSubstr(data_path))));
  ASSERT_OK(DeleteFile(data_path));
  EXPECT_THAT(BundleReader::Open(prefix), StatusIs(absl::StatusCode::kNotFound, HasSubstr(data_path)));
  EXPECT_THAT(BundleReader::Open(TestPrefix("no_such_ckpt")), StatusCodeIs(absl::StatusCode::kNotFound));
}

TEST(BundleReaderTest, CorruptIndexNamesTheFileAndBlock) {
  const std::string prefix = WriteSample("corrupt_index");
  const std::string index_path = MetaFilename(prefix);
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFileToString(index_path, 1 << 20));
  bytes[10] ^= 0x01;
  ASSERT_OK(WriteFileAtomically(index_path, bytes));
  EXPECT_THAT(BundleReader::Open(prefix),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr(index_path), HasSubstr("block at offset 0"), HasSubstr("checksum"))));
}

TEST(BundleReaderTest, BoolBytesAreNormalised) {
  const std::string prefix = TestPrefix("bools");
  ASSERT_OK_AND_ASSIGN(auto writer, BundleWriter::Create(prefix));
  ASSERT_OK(writer->AddRaw("b", DT_BOOL, TensorShape({3}), std::string("\x00\x02\xff", 3)));
  ASSERT_OK(writer->Finish());
  ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(prefix));
  ASSERT_OK_AND_ASSIGN(Tensor b, reader->Lookup("b"));
  EXPECT_THAT(b.ToVector<bool>(), ElementsAre(false, true, true));
  ASSERT_OK_AND_ASSIGN(std::string raw, reader->ReadRawBytes("b"));
  EXPECT_EQ(raw, std::string("\x00\x02\xff", 3));
}

TEST(BundleReaderTest, LimitsAreCheckedBeforeAllocating) {
  const std::string prefix = WriteSample("limits");
  ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(prefix, {.limits = {.max_bytes = 16}}));
  EXPECT_THAT(reader->Lookup("f32"), StatusCodeIs(absl::StatusCode::kResourceExhausted));
  EXPECT_OK(reader->Lookup("i64"));
}

}  // namespace
}  // namespace rill::io
