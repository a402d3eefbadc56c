#include "io/event_writer.h"

#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/coding.h"
#include "io/event_reader.h"
#include "io/file_system.h"
#include "io/record_reader.h"

namespace rill::io {
namespace {

using ::rill::testing::StatusCodeIs;
using ::testing::ElementsAre;

// A clock the test moves by hand.
struct FakeClock {
  absl::Time now = absl::FromUnixMicros(int64_t{1234} * 1000000 + 500000);  // 1234.5 s
  std::function<absl::Time()> Fn() {
    return [this] { return now; };
  }
};

std::string TestDir(const std::string& name) {
  return JoinPath(::testing::TempDir(), absl::StrCat("event_writer_test_", name));
}

EventWriterOptions Options(FakeClock* clock) {
  EventWriterOptions o;
  o.clock = clock->Fn();
  o.hostname = "testhost";
  return o;
}

std::vector<Event> ReadEvents(const std::string& path) {
  std::vector<Event> events;
  auto reader = EventReader::Open(path);
  EXPECT_OK(reader);
  if (!reader.ok()) return events;
  Event e;
  absl::Status s;
  while ((s = (*reader)->Next(&e)).ok()) events.push_back(e);
  EXPECT_THAT(s, StatusCodeIs(absl::StatusCode::kOutOfRange));
  return events;
}

TEST(EventWriterTest, FileNameAndVersionRecord) {
  FakeClock clock;
  EventWriterOptions o = Options(&clock);
  o.filename_suffix = ".v2";
  const std::string dir = JoinPath(TestDir("name"), "nested/logdir");
  ASSERT_OK_AND_ASSIGN(auto writer, EventWriter::Create(dir, o));
  EXPECT_EQ(writer->filename(), JoinPath(dir, "events.out.tfevents.0000001234.testhost.v2"));
  // The version record is flushed at once, byte-exact: wall_time (field 1, double) then
  // file_version (field 3, string).
  ASSERT_OK_AND_ASSIGN(auto records, RecordReader::Open(writer->filename()));
  std::string rec;
  ASSERT_OK(records->ReadRecord(&rec));
  std::string expected = "\x09";
  PutFixed64(&expected, absl::bit_cast<uint64_t>(1234.5));
  expected += std::string("\x1a\x0d") + "brain.Event:2";
  EXPECT_EQ(rec, expected);
}

TEST(EventWriterTest, ScalarsHistogramsAndGraphsRoundTrip) {
  FakeClock clock;
  ASSERT_OK_AND_ASSIGN(auto writer, EventWriter::Create(TestDir("roundtrip"), Options(&clock)));
  for (int step = 0; step < 3; ++step) {
    clock.now += absl::Seconds(1);
    ASSERT_OK(writer->AddScalar("loss", step, 1.0f / (step + 1)));
  }
  ASSERT_OK(writer->AddHistogram("weights", 2, {0.5, -1.0, 2.0}));
  GraphDef graph;
  graph.add_node()->set_name("x");
  graph.mutable_node(0)->set_op("Placeholder");
  ASSERT_OK(writer->AddGraph(graph));
  EXPECT_THAT(writer->AddHistogram("bad", 3, {std::nan("")}), StatusCodeIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK(writer->Close());
  EXPECT_OK(writer->Close());
  EXPECT_THAT(writer->AddScalar("late", 9, 1), StatusCodeIs(absl::StatusCode::kFailedPrecondition));

  const std::vector<Event> events = ReadEvents(writer->filename());
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].file_version(), "brain.Event:2");
  for (int step = 0; step < 3; ++step) {
    const Event& e = events[1 + step];
    EXPECT_EQ(e.step(), step);
    EXPECT_EQ(e.wall_time(), 1234.5 + step + 1);
    ASSERT_EQ(e.summary().value_size(), 1);
    EXPECT_EQ(e.summary().value(0).tag(), "loss");
    EXPECT_EQ(e.summary().value(0).simple_value(), 1.0f / (step + 1));
  }
  const HistogramProto& h = events[4].summary().value(0).histo();
  EXPECT_EQ(events[4].summary().value(0).tag(), "weights");
  EXPECT_EQ(h.num(), 3);
  EXPECT_EQ(h.min(), -1.0);
  EXPECT_EQ(h.max(), 2.0);
  GraphDef back;
  ASSERT_TRUE(back.ParseFromString(events[5].graph_def()));
  EXPECT_EQ(back.node(0).name(), "x");
}

TEST(EventWriterTest, FlushesOnThePeriodAndOnClose) {
  FakeClock clock;
  EventWriterOptions o = Options(&clock);
  o.flush_period = absl::Seconds(10);
  ASSERT_OK_AND_ASSIGN(auto writer, EventWriter::Create(TestDir("flush"), o));
  const std::string path = writer->filename();
  EXPECT_EQ(ReadEvents(path).size(), 1u);  // the version record
  clock.now += absl::Seconds(9);
  ASSERT_OK(writer->AddScalar("a", 1, 1));
  EXPECT_EQ(ReadEvents(path).size(), 1u);  // still buffered
  clock.now += absl::Seconds(1);
  ASSERT_OK(writer->AddScalar("a", 2, 2));  // the period has passed: both reach the file
  EXPECT_EQ(ReadEvents(path).size(), 3u);
  ASSERT_OK(writer->AddScalar("a", 3, 3));
  EXPECT_EQ(ReadEvents(path).size(), 3u);
  writer.reset();  // the destructor flushes
  EXPECT_EQ(ReadEvents(path).size(), 4u);
}

TEST(EventWriterTest, ExplicitFlush) {
  FakeClock clock;
  ASSERT_OK_AND_ASSIGN(auto writer, EventWriter::Create(TestDir("explicit"), Options(&clock)));
  ASSERT_OK(writer->AddScalar("a", 1, 1));
  EXPECT_EQ(ReadEvents(writer->filename()).size(), 1u);
  ASSERT_OK(writer->Flush());
  EXPECT_EQ(ReadEvents(writer->filename()).size(), 2u);
}

TEST(EventWriterTest, RefusesToOverwrite) {
  FakeClock clock;
  ASSERT_OK_AND_ASSIGN(auto first, EventWriter::Create(TestDir("twice"), Options(&clock)));
  EXPECT_THAT(EventWriter::Create(TestDir("twice"), Options(&clock)),
              StatusCodeIs(absl::StatusCode::kAlreadyExists));
  EventWriterOptions o = Options(&clock);
  o.filename_suffix = ".eval";
  EXPECT_OK(EventWriter::Create(TestDir("twice"), o));
  o.filename_suffix = "/x";
  EXPECT_THAT(EventWriter::Create(TestDir("twice"), o), StatusCodeIs(absl::StatusCode::kInvalidArgument));
}

TEST(EventWriterTest, WriteFailuresAreReported) {
  FakeClock clock;
  FaultBudget budget(30, FaultBudget::kUnlimited);
  EventWriterOptions o = Options(&clock);
  o.fault = &budget;
  EXPECT_THAT(EventWriter::Create(TestDir("fault"), o), StatusCodeIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace rill::io
