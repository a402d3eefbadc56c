#include "compiler/analysis/buffer_assignment.h"

#include <memory>
#include <random>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "graph/topological_order.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"

namespace rill::compiler {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// No two buffers that are live at the same step share a byte, and every offset is aligned.
void ExpectValid(const std::vector<BufferRequest>& r, const BufferAssignment& a, int64_t alignment) {
  ASSERT_EQ(a.offsets.size(), r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(a.offsets[i] % alignment, 0) << r[i].name;
    EXPECT_LE(a.offsets[i] + r[i].bytes, a.arena_bytes) << r[i].name;
    for (size_t j = i + 1; j < r.size(); ++j) {
      const bool live_together = r[i].def <= r[j].last_use && r[j].def <= r[i].last_use;
      const bool share_bytes = r[i].bytes > 0 && r[j].bytes > 0 &&
                               a.offsets[i] < a.offsets[j] + r[j].bytes &&
                               a.offsets[j] < a.offsets[i] + r[i].bytes;
      EXPECT_FALSE(live_together && share_bytes) << r[i].name << " and " << r[j].name;
    }
  }
  EXPECT_GE(a.arena_bytes, a.live_bytes_lower_bound);
  EXPECT_LE(a.arena_bytes, a.unshared_bytes);
}

TEST(BufferAssignmentTest, ReusesMemoryOfDeadBuffers) {
  // A chain: each buffer is read only by the next step, so two slots suffice.
  std::vector<BufferRequest> chain;
  for (int i = 0; i < 6; ++i) chain.push_back({absl::StrCat("t", i), 1000, i, i + 1});
  ASSERT_OK_AND_ASSIGN(BufferAssignment a, AssignBuffers(chain));
  ExpectValid(chain, a, 64);
  EXPECT_EQ(a.arena_bytes, 2 * 1024);  // 1000 rounds up to 1024
  EXPECT_EQ(a.unshared_bytes, 6 * 1024);
  EXPECT_EQ(a.live_bytes_lower_bound, 2 * 1024);
  EXPECT_THAT(a.ToString(chain), HasSubstr("arena 0.00 MiB"));
}

TEST(BufferAssignmentTest, BuffersLiveTogetherNeverShare) {
  std::vector<BufferRequest> all_live = {{"a", 100, 0, 5}, {"b", 200, 1, 5}, {"c", 64, 2, 5}};
  ASSERT_OK_AND_ASSIGN(BufferAssignment a, AssignBuffers(all_live));
  ExpectValid(all_live, a, 64);
  EXPECT_EQ(a.arena_bytes, a.unshared_bytes);  // nothing can be reused
}

TEST(BufferAssignmentTest, RandomLifetimesArePackedSafelyAndDeterministically) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<BufferRequest> r;
    const int n = 1 + rng() % 40;
    for (int i = 0; i < n; ++i) {
      const int def = rng() % 30;
      r.push_back({absl::StrCat("b", i), static_cast<int64_t>(rng() % 5000), def,
                   def + static_cast<int>(rng() % 10)});
    }
    const int64_t alignment = int64_t{1} << (rng() % 8);
    ASSERT_OK_AND_ASSIGN(BufferAssignment a, AssignBuffers(r, alignment));
    ExpectValid(r, a, alignment);
    ASSERT_OK_AND_ASSIGN(BufferAssignment again, AssignBuffers(r, alignment));
    EXPECT_EQ(a.offsets, again.offsets);
  }
}

TEST(BufferAssignmentTest, BadRequestsAreErrorsNamingTheBuffer) {
  EXPECT_THAT(AssignBuffers({{"neg", -1, 0, 0}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("buffer 'neg'")));
  EXPECT_THAT(AssignBuffers({{"backwards", 8, 3, 2}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("buffer 'backwards'")));
  EXPECT_THAT(AssignBuffers({{"x", 8, 0, 0}}, 48),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("power of two")));
}

TEST(BufferAssignmentTest, LivenessFollowsTheScheduleAndFetchesLiveToTheEnd) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {4, 4}});
  Output h = ops::Relu(root.WithOpName("h"), x);
  Output m = ops::MatMul(root.WithOpName("m"), h, h);
  Output s = ops::AddV2(root.WithOpName("s"), m, x);
  ops::Relu(root.WithOpName("out"), s);
  ASSERT_OK_AND_ASSIGN(GraphDef def, root.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(def));
  ASSERT_OK_AND_ASSIGN(std::vector<Node*> order, TopologicalOrder(*g));
  ASSERT_OK_AND_ASSIGN(
      std::vector<BufferRequest> r,
      LivenessFromSchedule(order, [](const Node&, int) { return int64_t{64}; }, {"out", "m"}));
  auto find = [&](const std::string& name) -> const BufferRequest& {
    for (const BufferRequest& b : r) {
      if (b.name == name) return b;
    }
    ADD_FAILURE() << "no buffer " << name;
    return r.front();
  };
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(find("x:0").last_use, 3);  // read by s at step 3
  EXPECT_EQ(find("h:0").last_use, 2);  // read twice by m
  EXPECT_EQ(find("m:0").last_use, 5);  // fetched: live to the end
  EXPECT_EQ(find("out:0").last_use, 5);
  ASSERT_OK_AND_ASSIGN(BufferAssignment a, AssignBuffers(r));
  ExpectValid(r, a, 64);
  EXPECT_LT(a.arena_bytes, a.unshared_bytes);  // h's memory is reused after step 2
}

}  // namespace
}  // namespace rill::compiler
