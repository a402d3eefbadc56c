// Compiles the README's model-function snippet and checks the graph it builds.
#include "base/status_matchers.h"
#include "graph/graph_convert.h"
#include "graph/graph_validate.h"
#include "graph/shape_refiner.h"
#include "gtest/gtest.h"

#include "tests/readme_snippet.inc"

namespace rill {
namespace {

TEST(ReadmeSnippet, BuildsAValidGraphWithInferredShapes) {
  ASSERT_OK_AND_ASSIGN(GraphDef def, BuildModel());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> graph, GraphFromGraphDef(def));
  EXPECT_OK(ValidateGraph(*graph));
  ASSERT_NE(graph->FindNode("x"), nullptr);
  ASSERT_NE(graph->FindNode("dense/weights"), nullptr);
  ASSERT_NE(graph->FindNode("dense/bias"), nullptr);
  Node* y = graph->FindNode("y");
  ASSERT_NE(y, nullptr);
  EXPECT_EQ(y->op(), "Relu");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ShapeRefiner> shapes, InferShapes(*graph));
  ASSERT_OK_AND_ASSIGN(auto out, shapes->output(*y, 0));
  EXPECT_EQ(out.first, DT_FLOAT);
  EXPECT_EQ(out.second, PartialShape({-1, 2}));
}

}  // namespace
}  // namespace rill
