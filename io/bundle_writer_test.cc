#include "io/bundle_writer.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_format.h"
#include "io/coding.h"
#include "io/crc32c.h"
#include "io/file_system.h"
#include "io/table_reader.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TestDir(const std::string& name) {
  return JoinPath(::testing::TempDir(), absl::StrCat("bundle_writer_test_", name));
}

std::vector<std::pair<std::string, std::string>> IndexEntries(const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  auto table = TableReader::Open(MetaFilename(prefix));
  EXPECT_OK(table);
  if (!table.ok()) return out;
  EXPECT_OK((*table)->ForEach([&](absl::string_view k, absl::string_view v) {
    out.emplace_back(std::string(k), std::string(v));
    return absl::OkStatus();
  }));
  return out;
}

TEST(BundleWriterTest, DataFileIsRawTensorBytesInAddOrder) {
  const std::string prefix = JoinPath(TestDir("layout"), "model.ckpt-1");
  ASSERT_OK_AND_ASSIGN(auto writer, BundleWriter::Create(prefix));
  ASSERT_OK_AND_ASSIGN(Tensor w, Tensor::FromVector<float>({1.5f, -2.0f, 3.25f}, TensorShape({3})));
  ASSERT_OK(writer->Add("z_weights", w));
  ASSERT_OK(writer->Add("a_step", Tensor::Scalar<int64_t>(42)));
  ASSERT_OK(writer->Finish());

  ASSERT_OK_AND_ASSIGN(std::string data, ReadFileToString(DataFilename(prefix, 0, 1), 1 << 20));
  std::string expected(reinterpret_cast<const char*>(w.raw_data()), 12);
  PutFixed64(&expected, 42);
  EXPECT_EQ(data, expected);  // no alignment padding, as TF's default

  const auto entries = IndexEntries(prefix);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].first, "");
  EXPECT_EQ(entries[0].second, MakeBundleHeader(1).SerializeAsString());
  EXPECT_EQ(entries[1].first, "a_step");  // the index is sorted
  EXPECT_EQ(entries[2].first, "z_weights");
  BundleEntryProto step;
  ASSERT_TRUE(step.ParseFromString(entries[1].second));
  EXPECT_EQ(step.dtype(), DT_INT64);
  EXPECT_TRUE(step.has_shape());
  EXPECT_EQ(step.shape().dim_size(), 0);
  EXPECT_EQ(step.offset(), 12);
  EXPECT_EQ(step.size(), 8);
  EXPECT_EQ(step.crc32c(), crc32c::Mask(crc32c::Value(expected.substr(12))));
  BundleEntryProto weights;
  ASSERT_TRUE(weights.ParseFromString(entries[2].second));
  EXPECT_EQ(weights.offset(), 0);
  EXPECT_EQ(weights.size(), 12);
  EXPECT_EQ(weights.shape().dim(0).size(), 3);
  // Field order and encoding as TF serialises it: dtype, shape, size, crc32c (zero fields omitted).
  std::string manual("\x08\x01\x12\x04\x12\x02\x08\x03\x28\x0c\x35", 11);
  PutFixed32(&manual, weights.crc32c());
  EXPECT_EQ(entries[2].second, manual);
}

TEST(BundleWriterTest, RejectsDuplicateAndEmptyNames) {
  const std::string prefix = JoinPath(TestDir("dup"), "ckpt");
  ASSERT_OK_AND_ASSIGN(auto writer, BundleWriter::Create(prefix));
  ASSERT_OK(writer->Add("v", Tensor::Scalar<float>(1)));
  EXPECT_THAT(writer->Add("v", Tensor::Scalar<float>(2)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("duplicate tensor name 'v'")));
  EXPECT_THAT(writer->Add("", Tensor::Scalar<float>(2)), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(writer->Add("e", Tensor()), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(writer->AddRaw("r", DT_FLOAT, TensorShape({2}), "abc"),
              StatusCodeIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(Tensor res, Tensor::Create(DT_RESOURCE, TensorShape()));
  EXPECT_THAT(writer->Add("res", res), StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("resource")));
  ASSERT_OK(writer->Finish());
  EXPECT_THAT(writer->Finish(), StatusCodeIs(absl::StatusCode::kFailedPrecondition));
  const auto entries = IndexEntries(prefix);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].first, "v");
}

TEST(BundleWriterTest, NothingAppearsWithoutFinish) {
  const std::string dir = TestDir("abandon");
  {
    ASSERT_OK_AND_ASSIGN(auto writer, BundleWriter::Create(JoinPath(dir, "ckpt")));
    ASSERT_OK(writer->Add("v", Tensor::Scalar<float>(1)));
  }
  ASSERT_OK_AND_ASSIGN(auto names, ListDir(dir));
  EXPECT_TRUE(names.empty()) << names.size() << " files left, first: " << names[0];
}

TEST(BundleWriterTest, FinishLeavesOnlyFinalNames) {
  const std::string dir = TestDir("final");
  ASSERT_OK_AND_ASSIGN(auto writer, BundleWriter::Create(JoinPath(dir, "ckpt")));
  ASSERT_OK(writer->Add("v", Tensor::Scalar<float>(1)));
  ASSERT_OK(writer->Finish());
  ASSERT_OK_AND_ASSIGN(auto names, ListDir(dir));
  EXPECT_THAT(names, ElementsAre("ckpt.data-00000-of-00001", "ckpt.index"));
}

TEST(BundleWriterTest, WriteFailuresAreReportedAndCleanedUp) {
  const std::string dir = TestDir("fail");
  for (int64_t budget : {0, 5, 30, 200}) {
    FaultBudget fault(budget, FaultBudget::kUnlimited);
    ASSERT_OK_AND_ASSIGN(auto writer, BundleWriter::Create(JoinPath(dir, "ckpt"), {.fault = &fault}));
    absl::Status s = writer->AddRaw("v", DT_UINT8, TensorShape({100}), std::string(100, 'x'));
    if (s.ok()) s = writer->Finish();
    EXPECT_THAT(s, StatusCodeIs(absl::StatusCode::kUnavailable)) << budget;
    writer.reset();
    ASSERT_OK_AND_ASSIGN(auto names, ListDir(dir));
    EXPECT_TRUE(names.empty()) << budget;
  }
}

}  // namespace
}  // namespace rill::io
