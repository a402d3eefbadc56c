// Reads the event file TensorBoard's own writer produced (../shared/conformance/tf-events, see its
// README.md) and checks every record. Skips when the shared folder is absent.
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/testing/shared_data.h"
#include "gtest/gtest.h"
#include "io/event_reader.h"

namespace rill::io {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(EventConformanceTest, ReadsTensorBoardsEventFileExactly) {
  absl::StatusOr<std::vector<std::string>> files = rill::testing::ConformanceFiles("tf-events", ".0");
  if (!files.ok()) GTEST_SKIP() << "no TensorBoard event file to read: " << files.status();
  ASSERT_EQ(files->size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto reader, EventReader::Open(files->front()));

  std::vector<Event> events;
  Event e;
  absl::Status s;
  while ((s = reader->Next(&e)).ok()) events.push_back(e);
  ASSERT_THAT(s, rill::testing::StatusCodeIs(absl::StatusCode::kOutOfRange)) << s;
  ASSERT_EQ(events.size(), 12u);
  EXPECT_EQ(events[0].file_version(), "brain.Event:2");

  std::vector<std::pair<int64_t, float>> loss, accuracy;
  int histograms = 0;
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i].wall_time(), 1.7e9);
    for (const Summary::Value& v : events[i].summary().value()) {
      if (v.tag() == "loss") loss.emplace_back(events[i].step(), v.simple_value());
      if (v.tag() == "eval/accuracy") accuracy.emplace_back(events[i].step(), v.simple_value());
      if (v.tag() == "weights") {
        ++histograms;
        EXPECT_EQ(events[i].step(), 4);
        const HistogramProto& h = v.histo();
        EXPECT_EQ(h.num(), 100);
        EXPECT_LE(h.min(), h.max());
        ASSERT_EQ(h.bucket_size(), h.bucket_limit_size());
        double total = 0;
        for (double c : h.bucket()) total += c;
        EXPECT_EQ(total, 100);
      }
    }
  }
  // Exact float32 values (as TensorBoard's EventAccumulator read them).
  EXPECT_THAT(loss, ElementsAre(Pair(0, 1.0f), Pair(1, 0.5f), Pair(2, 0.33333334f), Pair(3, 0.25f), Pair(4, 0.2f)));
  EXPECT_THAT(accuracy,
              ElementsAre(Pair(0, 0.5f), Pair(1, 0.6f), Pair(2, 0.7f), Pair(3, 0.8f), Pair(4, 0.9f)));
  EXPECT_EQ(static_cast<double>(loss[2].second), 0.3333333432674408);
  EXPECT_EQ(static_cast<double>(loss[4].second), 0.20000000298023224);
  EXPECT_EQ(histograms, 1);
}

}  // namespace
}  // namespace rill::io
