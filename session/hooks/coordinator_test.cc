// Tests Coordinator: stop requests, the first error wins and implies a stop, and WaitForStop
// wakes for a stop requested from another thread.
#include "session/hooks/coordinator.h"

#include <thread>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(CoordinatorTest, StopAndErrors) {
  Coordinator coord;
  EXPECT_FALSE(coord.ShouldStop());
  EXPECT_OK(coord.status());
  coord.ReportError(absl::OkStatus());
  EXPECT_FALSE(coord.ShouldStop());
  coord.ReportError(absl::InternalError("first"));
  coord.ReportError(absl::InvalidArgumentError("second"));
  EXPECT_TRUE(coord.ShouldStop());
  EXPECT_THAT(coord.status(), StatusIs(absl::StatusCode::kInternal, HasSubstr("first")));
}

TEST(CoordinatorTest, RequestStopWithoutError) {
  Coordinator coord;
  coord.RequestStop();
  EXPECT_TRUE(coord.ShouldStop());
  EXPECT_OK(coord.status());
}

TEST(CoordinatorTest, WaitForStopWakesOnAnotherThreadsRequest) {
  Coordinator coord;
  EXPECT_FALSE(coord.WaitForStop(absl::Milliseconds(1)));
  std::thread t([&] { coord.RequestStop(); });
  EXPECT_TRUE(coord.WaitForStop(absl::Seconds(30)));
  t.join();
}

}  // namespace
}  // namespace rill
