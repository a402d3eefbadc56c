// Tests SummaryWriter: summaries produced by the summary ops in a Session and the graph are
// written as events that io's EventReader reads back (steps, tags, values, wall times from the
// injected clock), and that `protoc --decode_raw` decodes to Event fields 1, 2, 3 and 5.
#include "session/summary_writer.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/event.pb.h"
#include "graph/scope.h"
#include "gtest/gtest.h"
#include "io/event_reader.h"
#include "io/file_system.h"
#include "io/record_reader.h"
#include "ops/array_ops.h"
#include "ops/io_ops.h"
#include "ops/math_ops.h"
#include "session/session.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kProtoc[] = "/usr/bin/protoc";

std::string TestDir(const std::string& name) {
  return io::JoinPath(io::JoinPath(::testing::TempDir(), "summary_writer_test"), name);
}

// "x" is fed; "summaries" merges a scalar of 2x and a histogram of x.
absl::StatusOr<GraphDef> SummaryGraph() {
  Scope s = Scope::NewRootScope();
  Output x = ops::Placeholder(s.WithOpName("x"), DT_FLOAT, {.shape = PartialShape({})});
  Output loss = ops::ScalarSummary(s.WithOpName("loss"), ops::Const(s, std::string("loss")),
                                   ops::Mul(s, x, ops::Const(s, 2.0f)));
  Output hist = ops::HistogramSummary(s.WithOpName("x_hist"), ops::Const(s, std::string("x")), x);
  ops::MergeSummary(s.WithOpName("summaries"), {loss, hist});
  return s.ToGraphDef();
}

// A clock that starts at 1000 s and advances 0.5 s per call.
std::function<absl::Time()> StepClock() {
  auto t = std::make_shared<double>(1000);
  return [t] {
    const absl::Time now = absl::FromUnixSeconds(0) + absl::Seconds(*t);
    *t += 0.5;
    return now;
  };
}

// Runs `protoc --decode_raw` on `bytes`.
std::string DecodeRaw(const std::string& bytes) {
  const std::string in = TestDir("record.bin");
  EXPECT_OK(io::WriteFileAtomically(in, bytes));
  const std::string cmd = absl::StrCat(kProtoc, " --decode_raw < '", in, "' 2>&1");
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return "";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << out;
  return out;
}

// Writes the graph and three steps of summaries; returns the event file.
absl::StatusOr<std::string> WriteEvents(const std::string& dir) {
  ASSIGN_OR_RETURN(GraphDef graph, SummaryGraph());
  ASSIGN_OR_RETURN(auto session, Session::Create(graph));
  io::EventWriterOptions options;
  options.clock = StepClock();
  options.hostname = "testhost";
  ASSIGN_OR_RETURN(auto writer, SummaryWriter::Create(dir, &graph, options));
  for (int step = 0; step < 3; ++step) {
    std::vector<Tensor> out;
    RETURN_IF_ERROR(session->Run({{"x", Tensor::Scalar<float>(step + 0.5f)}}, {"summaries"}, {},
                                 &out));
    RETURN_IF_ERROR(writer->AddSummary(out[0].data<std::string>()[0], step * 10));
  }
  RETURN_IF_ERROR(writer->Close());
  return writer->filename();
}

TEST(SummaryWriterTest, EventsReadBackWithTheReader) {
  ASSERT_OK_AND_ASSIGN(std::string file, WriteEvents(TestDir("reader")));
  EXPECT_THAT(io::Basename(file), HasSubstr("events.out.tfevents.0000001000.testhost"));
  ASSERT_OK_AND_ASSIGN(auto reader, io::EventReader::Open(file));
  Event e;
  ASSERT_OK(reader->Next(&e));
  EXPECT_EQ(e.file_version(), "brain.Event:2");
  ASSERT_OK(reader->Next(&e));
  ASSERT_TRUE(e.has_graph_def());
  GraphDef graph;
  ASSERT_TRUE(graph.ParseFromString(e.graph_def()));
  ASSERT_OK_AND_ASSIGN(GraphDef expected, SummaryGraph());
  EXPECT_EQ(graph.node_size(), expected.node_size());
  double last_wall_time = 0;
  for (int step = 0; step < 3; ++step) {
    ASSERT_OK(reader->Next(&e));
    EXPECT_EQ(e.step(), step * 10);
    EXPECT_GT(e.wall_time(), last_wall_time);
    EXPECT_GE(e.wall_time(), 1000.0);
    last_wall_time = e.wall_time();
    ASSERT_EQ(e.summary().value_size(), 2);
    EXPECT_EQ(e.summary().value(0).tag(), "loss");
    EXPECT_EQ(e.summary().value(0).simple_value(), 2 * (step + 0.5f));
    EXPECT_EQ(e.summary().value(1).tag(), "x");
    EXPECT_EQ(e.summary().value(1).histo().num(), 1);
    EXPECT_EQ(e.summary().value(1).histo().sum(), step + 0.5);
  }
  EXPECT_THAT(reader->Next(&e), StatusIs(absl::StatusCode::kOutOfRange, ::testing::_));
}

TEST(SummaryWriterTest, EventsDecodeWithProtoc) {
  if (::access(kProtoc, X_OK) != 0) {
    GTEST_SKIP() << kProtoc << " is not installed (Debian's protobuf-compiler)";
  }
  ASSERT_OK_AND_ASSIGN(std::string file, WriteEvents(TestDir("protoc")));
  ASSERT_OK_AND_ASSIGN(auto records, io::RecordReader::Open(file));
  std::string record;
  ASSERT_OK(records->ReadRecord(&record));
  const std::string first = DecodeRaw(record);
  EXPECT_THAT(first, HasSubstr("1: 0x408f"));  // wall_time 1000.0 .. 1023.5 as a fixed64 double
  EXPECT_THAT(first, HasSubstr("3: \"brain.Event:2\""));
  ASSERT_OK(records->ReadRecord(&record));  // the graph
  EXPECT_THAT(DecodeRaw(record), HasSubstr("4 {"));
  ASSERT_OK(records->ReadRecord(&record));  // step 0
  ASSERT_OK(records->ReadRecord(&record));  // step 10
  const std::string summary = DecodeRaw(record);
  EXPECT_THAT(summary, HasSubstr("1: 0x"));
  EXPECT_THAT(summary, HasSubstr("2: 10"));
  EXPECT_THAT(summary, HasSubstr("5 {"));
  EXPECT_THAT(summary, HasSubstr("1: \"loss\""));
}

TEST(SummaryWriterTest, SecondWriterInTheSameSecondGetsASuffix) {
  io::EventWriterOptions options;
  options.clock = [] { return absl::FromUnixSeconds(2000); };
  options.hostname = "h";
  ASSERT_OK_AND_ASSIGN(auto first, SummaryWriter::Create(TestDir("same_second"), nullptr, options));
  ASSERT_OK_AND_ASSIGN(auto second, SummaryWriter::Create(TestDir("same_second"), nullptr, options));
  EXPECT_EQ(io::Basename(first->filename()), "events.out.tfevents.0000002000.h");
  EXPECT_EQ(io::Basename(second->filename()), "events.out.tfevents.0000002000.h.1");
  Summary s;
  s.add_value()->set_tag("a");
  ASSERT_OK(first->AddSummary(s, 1));
  ASSERT_OK(second->AddSummary(s, 2));
  ASSERT_OK(first->Close());
  ASSERT_OK(second->Close());
  for (const auto& [writer, step] : {std::pair{first.get(), 1}, std::pair{second.get(), 2}}) {
    ASSERT_OK_AND_ASSIGN(auto reader, io::EventReader::Open(writer->filename()));
    Event e;
    ASSERT_OK(reader->Next(&e));
    ASSERT_OK(reader->Next(&e));
    EXPECT_EQ(e.step(), step);
  }
}

TEST(SummaryWriterTest, RejectsGarbageAndUseAfterClose) {
  ASSERT_OK_AND_ASSIGN(auto writer, SummaryWriter::Create(TestDir("errors")));
  EXPECT_THAT(writer->AddSummary(absl::string_view("\xff\xff\xff"), 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a Summary")));
  ASSERT_OK(writer->Close());
  ASSERT_OK(writer->Close());
  EXPECT_THAT(writer->AddSummary(Summary(), 1),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
}

}  // namespace
}  // namespace rill
