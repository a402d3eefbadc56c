// Tests of the cluster function: members run in order on their own buffer tables, and the first
// failure stops the call and names the member.
#include "compiler/codegen/cluster_function.h"

#include <memory>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::codegen {
namespace {

using ::rill::testing::StatusIs;

// Each test kernel appends its tag (buffers[0]) to the log (buffers[1]) and returns buffers[2].
int32_t Record(void** buffers) {
  static_cast<std::vector<int>*>(buffers[1])->push_back(*static_cast<int*>(buffers[0]));
  return *static_cast<int32_t*>(buffers[2]);
}

TEST(ClusterFunctionTest, CallsMembersInOrderAndStopsAtTheFirstFailure) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<jit::Jit> jit, jit::Jit::Create());
  ASSERT_OK_AND_ASSIGN(ClusterEntry fn,
                       EmitClusterFunction(*jit, "rill_cluster_test",
                                           {{&Record, "a"}, {&Record, "b/c"}, {&Record, "d"}}));
  std::vector<int> log;
  int tags[3] = {10, 20, 30};
  int32_t codes[3] = {0, 0, 0};
  void* table[3][3];
  void** tables[3];
  for (int k = 0; k < 3; ++k) {
    table[k][0] = &tags[k];
    table[k][1] = &log;
    table[k][2] = &codes[k];
    tables[k] = table[k];
  }
  int32_t failed = -1;
  EXPECT_EQ(fn(tables, &failed), 0);
  EXPECT_THAT(log, ::testing::ElementsAre(10, 20, 30));
  EXPECT_EQ(failed, -1);

  log.clear();
  codes[1] = 7;
  EXPECT_EQ(fn(tables, &failed), 7);
  EXPECT_THAT(log, ::testing::ElementsAre(10, 20));  // the third member did not run
  EXPECT_EQ(failed, 1);
}

TEST(ClusterFunctionTest, RejectsAnEmptyClusterAndANullEntry) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<jit::Jit> jit, jit::Jit::Create());
  EXPECT_THAT(EmitClusterFunction(*jit, "empty", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("no members")));
  EXPECT_THAT(EmitClusterFunction(*jit, "null", {{nullptr, "x"}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("no entry")));
}

}  // namespace
}  // namespace rill::codegen
