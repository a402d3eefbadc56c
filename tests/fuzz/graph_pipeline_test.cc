// Tests that RunGraphPipeline reports how far an input got (parse, structure, validation).
#include "tests/fuzz/graph_pipeline.h"

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::fuzz {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

TEST(GraphPipelineTest, StagesAreReportedFaithfully) {
  const PipelineResult garbage = RunGraphPipeline("\xff\xff\xff", /*text=*/false);
  EXPECT_FALSE(garbage.parsed);
  EXPECT_FALSE(garbage.status.ok());

  const PipelineResult dangling =
      RunGraphPipeline(R"pb(node { name: "a" op: "Identity" input: "b" })pb", true);
  EXPECT_TRUE(dangling.parsed);
  EXPECT_FALSE(dangling.converted);
  EXPECT_THAT(dangling.status,
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no node named 'b'")));

  const PipelineResult cycle = RunGraphPipeline(R"pb(
                                                  node {
                                                    name: "a"
                                                    op: "Identity"
                                                    input: "b"
                                                    attr {
                                                      key: "T"
                                                      value { type: DT_FLOAT }
                                                    }
                                                  }
                                                  node {
                                                    name: "b"
                                                    op: "Identity"
                                                    input: "a"
                                                    attr {
                                                      key: "T"
                                                      value { type: DT_FLOAT }
                                                    }
                                                  })pb",
                                                true);
  EXPECT_TRUE(cycle.converted);
  EXPECT_FALSE(cycle.valid);
  EXPECT_THAT(cycle.status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cycle")));

  const PipelineResult valid = RunGraphPipeline(R"pb(
                                                  node {
                                                    name: "x"
                                                    op: "Placeholder"
                                                    attr {
                                                      key: "dtype"
                                                      value { type: DT_FLOAT }
                                                    }
                                                  }
                                                  node {
                                                    name: "y"
                                                    op: "Relu"
                                                    input: "x"
                                                    attr {
                                                      key: "T"
                                                      value { type: DT_FLOAT }
                                                    }
                                                  })pb",
                                                true);
  EXPECT_TRUE(valid.valid);
  EXPECT_OK(valid.status);
}

}  // namespace
}  // namespace rill::fuzz
