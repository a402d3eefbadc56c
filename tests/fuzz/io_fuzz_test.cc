// Deterministic mutation fuzzing of rill's file-format readers (io/): checkpoint indexes and data files,
// TFRecords, event files and tables, damaged in thousands of ways (bit flips, byte stores, huge length
// fields, truncation, extension, deleted and duplicated chunks). No input may crash or trip ASan/UBSan;
// every failure must be a Status with a message; single-byte damage must always be detected.
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_format.h"
#include "io/bundle_reader.h"
#include "io/bundle_writer.h"
#include "io/coding.h"
#include "io/event_reader.h"
#include "io/event_writer.h"
#include "io/file_system.h"
#include "io/testing/test_files.h"
#include "io/record_reader.h"
#include "io/record_writer.h"
#include "io/table_builder.h"
#include "io/table_reader.h"

namespace rill::io {
namespace {

using Rng = std::mt19937_64;

std::string Dir() {
  const std::string d = JoinPath(::testing::TempDir(), "io_fuzz_test");
  EXPECT_OK(CreateDirRecursively(d));
  return d;
}

std::string Read(const std::string& path) {
  auto s = ReadFileToString(path, 1 << 26);
  EXPECT_OK(s);
  return s.ok() ? *s : "";
}

void Write(const std::string& path, const std::string& bytes) { ASSERT_OK(testing::WriteTestFile(path, bytes)); }

// A damaged copy of `in`; `single_byte` mutations change exactly one byte.
std::string Mutate(const std::string& in, Rng& rng, bool single_byte) {
  std::string s = in;
  auto pos = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  if (single_byte) {
    const size_t i = pos(s.size());
    const char old = s[i];
    while (s[i] == old) s[i] = static_cast<char>(rng() % 3 == 0 ? (1 << (rng() % 8)) ^ old : rng());
    return s;
  }
  const int rounds = 1 + static_cast<int>(rng() % 4);
  for (int r = 0; r < rounds && !s.empty(); ++r) {
    switch (rng() % 8) {
      case 0:  // bit flip
        s[pos(s.size())] ^= static_cast<char>(1 << (rng() % 8));
        break;
      case 1: {  // interesting byte
        static const char kBytes[] = {0, 1, 0x7f, static_cast<char>(0x80), static_cast<char>(0xff)};
        s[pos(s.size())] = kBytes[rng() % sizeof(kBytes)];
        break;
      }
      case 2: {  // a huge little-endian integer where a length might be
        const size_t i = pos(s.size());
        std::string big;
        PutFixed64(&big, (uint64_t{1} << (40 + rng() % 24)) + rng() % 1000);
        s.replace(i, std::min(big.size(), s.size() - i), big.substr(0, std::min(big.size(), s.size() - i)));
        break;
      }
      case 3:  // truncate
        s.resize(pos(s.size()));
        break;
      case 4:  // extend with random bytes
        for (int k = static_cast<int>(rng() % 64); k > 0; --k) s.push_back(static_cast<char>(rng()));
        break;
      case 5: {  // delete a chunk
        const size_t i = pos(s.size());
        s.erase(i, 1 + rng() % 32);
        break;
      }
      case 6: {  // duplicate a chunk
        const size_t i = pos(s.size());
        s.insert(i, s.substr(i, 1 + rng() % 32));
        break;
      }
      default: {  // a varint that never ends
        const size_t i = pos(s.size());
        for (size_t k = i; k < std::min(s.size(), i + 11); ++k) s[k] = static_cast<char>(0x80 | rng());
        break;
      }
    }
  }
  return s;
}

// Status codes a reader may return for damaged input; anything else (Unknown, Internal) is a bug.
void ExpectCleanError(const absl::Status& s, const std::string& what) {
  static const std::set<absl::StatusCode> kAllowed = {
      absl::StatusCode::kDataLoss,         absl::StatusCode::kOutOfRange,  absl::StatusCode::kNotFound,
      absl::StatusCode::kUnimplemented,    absl::StatusCode::kInvalidArgument,
      absl::StatusCode::kResourceExhausted, absl::StatusCode::kFailedPrecondition};
  if (s.ok()) return;
  EXPECT_TRUE(kAllowed.count(s.code())) << what << ": " << s;
  EXPECT_FALSE(s.message().empty()) << what;
}

std::map<std::string, Tensor> FuzzTensors() {
  std::map<std::string, Tensor> m;
  m["a/kernel"] = *Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, TensorShape({3, 2}));
  m["a/bias"] = *Tensor::FromVector<double>({0.5, -0.5}, TensorShape({2}));
  m["b/int"] = *Tensor::FromVector<int32_t>({7, 8, 9}, TensorShape({3}));
  m["global_step"] = Tensor::Scalar<int64_t>(12345);
  m["mask"] = *Tensor::FromVector<bool>({true, false}, TensorShape({2}));
  m["vocab"] = *Tensor::FromVector<std::string>({"the", "", "quick brown"}, TensorShape({3}));
  m["bytes"] = *Tensor::FromVector<uint8_t>({1, 2, 3, 4}, TensorShape({2, 2}));
  return m;
}

// Opens the bundle and reads every tensor every way; returns the first error (or OK).
absl::Status ExerciseBundle(const std::string& prefix, int* failed_lookups) {
  auto reader = BundleReader::Open(prefix);
  if (!reader.ok()) return reader.status();
  absl::Status first;
  for (const std::string& name : (*reader)->ListEntries()) {
    absl::Status s = (*reader)->Lookup(name).status();
    if (!s.ok()) ++*failed_lookups;
    ExpectCleanError(s, "Lookup " + name);
    ExpectCleanError((*reader)->ReadRawBytes(name).status(), "ReadRawBytes " + name);
    ExpectCleanError((*reader)->LookupSlice(name, 0, 1, true).status(), "LookupSlice " + name);
    ExpectCleanError((*reader)->LookupSlice(name, 1, 1, false).status(), "LookupSlice " + name);
    if (first.ok()) first = s;
  }
  return first;
}

TEST(IoFuzzTest, CheckpointIndexAndData) {
  const std::string prefix = JoinPath(Dir(), "ckpt");
  {
    ASSERT_OK_AND_ASSIGN(auto writer, BundleWriter::Create(prefix));
    for (const auto& [n, t] : FuzzTensors()) ASSERT_OK(writer->Add(n, t));
    ASSERT_OK(writer->Finish());
  }
  const std::string index_path = MetaFilename(prefix), data_path = DataFilename(prefix, 0, 1);
  const std::string index = Read(index_path), data = Read(data_path);
  // Which tensor owns each data byte.
  std::vector<std::string> owner(data.size());
  {
    ASSERT_OK_AND_ASSIGN(auto reader, BundleReader::Open(prefix));
    for (const std::string& n : reader->ListEntries()) {
      ASSERT_OK_AND_ASSIGN(BundleEntryProto e, reader->GetEntryProto(n));
      for (int64_t i = e.offset(); i < e.offset() + e.size(); ++i) owner[i] = n;
    }
  }
  Rng rng(0x5eed1);
  for (int c = 0; c < 1500; ++c) {
    const bool single = c % 3 == 0;
    Write(index_path, Mutate(index, rng, single));
    int failed = 0;
    const absl::Status s = ExerciseBundle(prefix, &failed);
    ExpectCleanError(s, absl::StrCat("index case ", c));
    if (single) {
      EXPECT_FALSE(s.ok()) << "index case " << c << ": a one-byte change went unnoticed";
    }
  }
  Write(index_path, index);
  for (int c = 0; c < 1000; ++c) {
    const bool single = c % 2 == 0;
    const std::string mutated = Mutate(data, rng, single);
    Write(data_path, mutated);
    int failed = 0;
    const absl::Status s = ExerciseBundle(prefix, &failed);
    ExpectCleanError(s, absl::StrCat("data case ", c));
    if (single) {
      size_t at = 0;
      while (mutated[at] == data[at]) ++at;
      EXPECT_EQ(failed, 1) << "data case " << c << ": byte " << at << " of tensor '" << owner[at] << "'";
    }
  }
}

TEST(IoFuzzTest, TfRecords) {
  std::string good;
  for (int i = 0; i < 12; ++i) good += EncodeRecord(std::string(i * 7, static_cast<char>('a' + i)));
  const std::string path = JoinPath(Dir(), "records");
  Rng rng(0x5eed2);
  for (int c = 0; c < 1000; ++c) {
    const bool single = c % 2 == 0;
    Write(path, Mutate(good, rng, single));
    for (OnCorruption mode : {OnCorruption::kStop, OnCorruption::kSkip}) {
      ASSERT_OK_AND_ASSIGN(auto reader, RecordReader::Open(path, {.on_corruption = mode}));
      std::string rec;
      absl::Status s;
      int n = 0;
      while ((s = reader->ReadRecord(&rec)).ok()) ++n;
      ExpectCleanError(s, absl::StrCat("record case ", c));
      EXPECT_LE(n, 64);
      if (single && mode == OnCorruption::kStop) {
        EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << "record case " << c;
      }
      if (single && mode == OnCorruption::kSkip) {
        EXPECT_EQ(n, 11) << "record case " << c;
      }
    }
  }
}

TEST(IoFuzzTest, EventFiles) {
  const std::string dir = JoinPath(Dir(), "events");
  std::string good;
  {
    EventWriterOptions o;
    o.hostname = "fuzz";
    o.clock = [] { return absl::FromUnixSeconds(1700000000); };
    ASSERT_OK_AND_ASSIGN(auto writer, EventWriter::Create(dir, o));
    for (int step = 0; step < 5; ++step) ASSERT_OK(writer->AddScalar("loss", step, 1.0f / (step + 1)));
    ASSERT_OK(writer->AddHistogram("w", 4, {0.1, -3.0, 2.5, 7.0}));
    ASSERT_OK(writer->Close());
    good = Read(writer->filename());
  }
  const std::string path = JoinPath(Dir(), "events.bin");
  Rng rng(0x5eed3);
  for (int c = 0; c < 1000; ++c) {
    Write(path, Mutate(good, rng, c % 2 == 0));
    for (OnCorruption mode : {OnCorruption::kStop, OnCorruption::kSkip}) {
      ASSERT_OK_AND_ASSIGN(auto reader, EventReader::Open(path, {.on_corruption = mode}));
      Event e;
      absl::Status s;
      while ((s = reader->Next(&e)).ok()) {
      }
      ExpectCleanError(s, absl::StrCat("event case ", c));
      if (c % 2 == 0 && mode == OnCorruption::kStop) {
        EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << c;
      }
    }
  }
}

TEST(IoFuzzTest, RawTables) {
  // Tables read directly (no bundle semantics), with more blocks so block boundaries get damaged too.
  const std::string path = JoinPath(Dir(), "table");
  std::string good;
  {
    ASSERT_OK_AND_ASSIGN(auto file, WritableFile::Create(path));
    TableBuilder builder(file.get(), {.block_size = 128});
    for (int i = 0; i < 60; ++i) ASSERT_OK(builder.Add(absl::StrCat("key/", 1000 + i), std::string(i % 9, 'v')));
    ASSERT_OK(builder.Finish());
    ASSERT_OK(file->Close());
    good = Read(path);
  }
  Rng rng(0x5eed4);
  for (int c = 0; c < 1000; ++c) {
    Write(path, Mutate(good, rng, c % 2 == 0));
    auto table = TableReader::Open(path);
    absl::Status s = table.status();
    if (table.ok()) {
      s = (*table)->ForEach([](absl::string_view, absl::string_view) { return absl::OkStatus(); });
      ExpectCleanError((*table)->Get("key/1030").status(), "Get");
    }
    ExpectCleanError(s, absl::StrCat("table case ", c));
    if (c % 2 == 0) {
      EXPECT_FALSE(s.ok()) << "table case " << c;
    }
  }
}

}  // namespace
}  // namespace rill::io
