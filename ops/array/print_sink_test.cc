// Tests the print sink: capture and restore, a custom sink, and the default sink's file:// stream.
#include "ops/array/print_sink.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(PrintSinkTest, CaptureCollectsAndRestores) {
  std::string outer_seen;
  PrintSink before = SetPrintSink([&](absl::string_view stream, absl::string_view text) {
    outer_seen += std::string(stream) + ":" + std::string(text);
    return absl::OkStatus();
  });
  {
    ScopedPrintCapture capture;
    EXPECT_OK(WritePrinted("stdout", "a\n"));
    EXPECT_OK(WritePrinted("log(info)", "b"));
    EXPECT_EQ(capture.text(), "a\nb");
    EXPECT_EQ(capture.last_stream(), "log(info)");
  }
  EXPECT_OK(WritePrinted("stderr", "c"));
  EXPECT_EQ(outer_seen, "stderr:c");
  SetPrintSink(std::move(before));
}

TEST(PrintSinkTest, SinkErrorsComeBack) {
  PrintSink before = SetPrintSink(
      [](absl::string_view, absl::string_view) { return absl::InvalidArgumentError("full"); });
  EXPECT_THAT(WritePrinted("stderr", "x"), StatusIs(absl::StatusCode::kInvalidArgument, "full"));
  SetPrintSink(std::move(before));
}

TEST(PrintSinkTest, DefaultSinkAppendsToFiles) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(tmp != nullptr ? tmp : "/tmp") + "/print_sink_test.txt";
  std::remove(path.c_str());
  PrintSink before = SetPrintSink(nullptr);  // the default sink
  EXPECT_OK(WritePrinted("file://" + path, "one\n"));
  EXPECT_OK(WritePrinted("file://" + path, "two\n"));
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), "one\ntwo\n");
  EXPECT_THAT(WritePrinted("file:///nonexistent-dir/x.txt", "z"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cannot open")));
  SetPrintSink(std::move(before));
}

}  // namespace
}  // namespace rill
