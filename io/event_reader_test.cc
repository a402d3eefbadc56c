#include "io/event_reader.h"

#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/file_system.h"
#include "io/record_writer.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::rill::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::string EventRecord(int64_t step) {
  Event e;
  e.set_step(step);
  e.set_wall_time(100.0 + step);
  Summary::Value* v = e.mutable_summary()->add_value();
  v->set_tag("t");
  v->set_simple_value(step * 0.5f);
  return EncodeRecord(e.SerializeAsString());
}

std::string WriteFile(const std::string& name, const std::string& bytes) {
  const std::string path = JoinPath(::testing::TempDir(), absl::StrCat("event_reader_test_", name));
  EXPECT_OK(WriteFileAtomically(path, bytes));
  return path;
}

TEST(EventReaderTest, IteratesEvents) {
  const std::string path = WriteFile("ok", EventRecord(0) + EventRecord(1) + EventRecord(2));
  ASSERT_OK_AND_ASSIGN(auto reader, EventReader::Open(path));
  Event e;
  for (int step = 0; step < 3; ++step) {
    ASSERT_OK(reader->Next(&e));
    EXPECT_EQ(e.step(), step);
    EXPECT_EQ(e.summary().value(0).simple_value(), step * 0.5f);
  }
  EXPECT_THAT(reader->Next(&e), StatusCodeIs(absl::StatusCode::kOutOfRange));
}

TEST(EventReaderTest, CorruptionReportsOffset) {
  std::string bytes = EventRecord(0) + EventRecord(1) + EventRecord(2);
  const size_t second = EventRecord(0).size();
  bytes[second + 14] ^= 0x08;
  const std::string path = WriteFile("corrupt", bytes);
  ASSERT_OK_AND_ASSIGN(auto reader, EventReader::Open(path));
  Event e;
  ASSERT_OK(reader->Next(&e));
  EXPECT_THAT(reader->Next(&e), StatusIs(absl::StatusCode::kDataLoss,
                                         AllOf(HasSubstr(path), HasSubstr(absl::StrCat("offset ", second)))));
  ASSERT_OK_AND_ASSIGN(auto skipper, EventReader::Open(path, {.on_corruption = OnCorruption::kSkip}));
  ASSERT_OK(skipper->Next(&e));
  EXPECT_EQ(e.step(), 0);
  ASSERT_OK(skipper->Next(&e));
  EXPECT_EQ(e.step(), 2);
  ASSERT_EQ(skipper->corrupt_regions().size(), 1u);
  EXPECT_EQ(skipper->corrupt_regions()[0].offset, static_cast<int64_t>(second));
}

TEST(EventReaderTest, RecordThatIsNotAnEvent) {
  // A valid TFRecord whose payload is not an Event proto (a truncated varint field).
  const std::string junk = EncodeRecord(std::string("\x10\xff", 2));
  const std::string path = WriteFile("junk", EventRecord(0) + junk + EventRecord(1));
  ASSERT_OK_AND_ASSIGN(auto reader, EventReader::Open(path));
  Event e;
  ASSERT_OK(reader->Next(&e));
  EXPECT_THAT(reader->Next(&e), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("not an Event")));
  ASSERT_OK_AND_ASSIGN(auto skipper, EventReader::Open(path, {.on_corruption = OnCorruption::kSkip}));
  ASSERT_OK(skipper->Next(&e));
  ASSERT_OK(skipper->Next(&e));
  EXPECT_EQ(e.step(), 1);
  ASSERT_EQ(skipper->corrupt_regions().size(), 1u);
  EXPECT_THAT(skipper->corrupt_regions()[0].message, HasSubstr("not an Event"));
}

TEST(EventReaderTest, TruncatedFile) {
  const std::string full = EventRecord(0) + EventRecord(1);
  const std::string path = WriteFile("trunc", full.substr(0, full.size() - 3));
  ASSERT_OK_AND_ASSIGN(auto reader, EventReader::Open(path));
  Event e;
  ASSERT_OK(reader->Next(&e));
  EXPECT_THAT(reader->Next(&e), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("truncated")));
}

}  // namespace
}  // namespace rill::io
