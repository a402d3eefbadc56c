// The Graph layer on real TensorFlow GraphDefs (../shared/conformance/tf-graphs): every file loads
// into a Graph and round-trips; graphs whose ops are all registered validate (and infer the
// expected shapes); the others name the first unregistered op and its node; pruning to the fetches
// of SOURCES.md keeps exactly what they need. Skips with a message when ../shared is absent.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "graph/graph_validate.h"
#include "graph/prune.h"
#include "graph/shape_refiner.h"
#include "graph/testing/shared_data.h"
#include "gtest/gtest.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

struct Expectation {
  std::string file;
  std::vector<std::string> fetches;  // from SOURCES.md
  std::vector<std::string> kept;     // nodes left after pruning to the fetches
  std::string unregistered_op;       // "" if every op is registered (the graph validates)
  std::string unregistered_node;     // the first node using it
  std::string fetch_shape;           // inferred shape of fetches[0] when it validates
};

const std::vector<Expectation>& Expectations() {
  static const auto* table = new std::vector<Expectation>{
      {"01-tf-aot-tfadd.pbtxt", {"x_y_sum"}, {"x_const", "y_const", "x_y_sum"}, "", "", "[1]"},
      {"02-tflite-e2e-add-int32.pbtxt", {"Add"}, {"Add", "input0", "input1"}, "", "", "<unknown>"},
      {"03-tflite-e2e-conv2d.pbtxt",
       {"output_0"},
       {"input", "conv_net_2d/conv_2d_0/w", "conv_net_2d/conv_2d_0/w/read",
        "conv_net_2d_1/conv_2d_0/convolution", "conv_net_2d/conv_2d_0/b",
        "conv_net_2d/conv_2d_0/b/read", "conv_net_2d_1/conv_2d_0/BiasAdd", "conv_net_2d_1/Relu",
        "output_0"},
       "",
       "",
       "[1,8,8,2]"},
      {"04-tf-cc-matmul-chain.pbtxt",
       {"output"},
       {"Const", "Const_1", "Const_2", "Const_3", "Const_4", "input0", "MatMul", "MatMul_1",
        "MatMul_2", "MatMul_3", "MatMul_4", "output"},
       "",
       "",
       "[?,64]"},
      {"05-dl4j-reduce-dim-sum.pbtxt",
       {"Sum"},
       {"alpha", "Sum/reduction_indices", "Sum"},
       "",
       "",
       "[3]"},
      {"07-ngraph-bridge-axpy.pbtxt",
       {"mul", "add"},
       {"x", "y", "mul/x", "mul", "add"},
       "",
       "",
       "[2,3]"},
      {"08-tosa-add-broadcast.pbtxt",
       {"result"},
       {"placeholder_0", "placeholder_1", "result"},
       "",
       "",
       "[1,4,4,4]"},
      {"09-tosa-conv2d-1x1.pbtxt",
       {"result"},
       {"placeholder_0", "const_1", "result"},
       "",
       "",
       "[1,32,32,16]"},
      {"14-one-maxpool-valid.pbtxt",
       {"maxpool2d"},
       {"placeholder", "maxpool2d"},
       "",
       "",
       "[1,2,2,1]"},
      {"15-one-avgpool-same.pbtxt",
       {"avgpool2d"},
       {"placeholder", "avgpool2d"},
       "",
       "",
       "[1,3,3,1]"},
  };
  return *table;
}

class TfGraphsTest : public ::testing::TestWithParam<Expectation> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> dir = rill::testing::ConformanceDir();
    if (!dir.ok()) GTEST_SKIP() << "no conformance corpus: " << dir.status().message();
    absl::StatusOr<GraphDef> def =
        ReadGraphDefFile(absl::StrCat(*dir, "/tf-graphs/", GetParam().file));
    ASSERT_OK(def);
    def_ = *std::move(def);
  }
  GraphDef def_;
};

TEST_P(TfGraphsTest, LoadsAndRoundTrips) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(def_));
  EXPECT_EQ(g->num_nodes(), def_.node_size());
  EXPECT_EQ(g->versions().producer(), def_.versions().producer());
  const GraphDef back = GraphToGraphDef(*g);
  ASSERT_EQ(back.node_size(), def_.node_size());
  for (int i = 0; i < def_.node_size(); ++i) {
    EXPECT_EQ(SerializeDeterministic(back.node(i)), SerializeDeterministic(def_.node(i)))
        << def_.node(i).name();
  }
}

TEST_P(TfGraphsTest, ValidatesOrNamesTheUnregisteredOp) {
  const Expectation& e = GetParam();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(def_));
  AddDefaultAttrs(g.get());
  if (e.unregistered_op.empty()) {
    ASSERT_OK(ValidateGraph(*g));
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<ShapeRefiner> shapes, InferShapes(*g));
    EXPECT_EQ(shapes->outputs(*g->FindNode(e.fetches[0]))->shapes[0].DebugString(), e.fetch_shape);
  } else {
    EXPECT_THAT(
        ValidateGraph(*g),
        StatusIs(absl::StatusCode::kNotFound,
                 AllOf(HasSubstr(absl::StrCat("node '", e.unregistered_node, "' (",
                                              e.unregistered_op, ")")),
                       HasSubstr(absl::StrCat("op '", e.unregistered_op, "' is not registered")))));
  }
}

TEST_P(TfGraphsTest, PrunesToTheFetches) {
  const Expectation& e = GetParam();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(def_));
  ASSERT_OK(PruneGraph(g.get(), e.fetches, {}));
  std::vector<std::string> names;
  for (const Node* n : g->nodes()) names.push_back(n->name());
  EXPECT_THAT(names, UnorderedElementsAreArray(e.kept));
  if (e.unregistered_op.empty()) {
    EXPECT_OK(ValidateGraph(*g));
  }
}

INSTANTIATE_TEST_SUITE_P(Conformance, TfGraphsTest, ::testing::ValuesIn(Expectations()),
                         [](const ::testing::TestParamInfo<Expectation>& info) {
                           return absl::StrCat("graph", info.param.file.substr(0, 2));
                         });

// 08 and 09 carry a PlaceholderWithDefault (keras_learning_phase) off the path to `result`.
TEST(TfGraphsPruneTest, PlaceholderWithDefaultIsPrunedFrom08And09) {
  absl::StatusOr<std::string> dir = rill::testing::ConformanceDir();
  if (!dir.ok()) GTEST_SKIP() << "no conformance corpus: " << dir.status().message();
  for (const char* file : {"08-tosa-add-broadcast.pbtxt", "09-tosa-conv2d-1x1.pbtxt"}) {
    SCOPED_TRACE(file);
    ASSERT_OK_AND_ASSIGN(GraphDef def, ReadGraphDefFile(absl::StrCat(*dir, "/tf-graphs/", file)));
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Graph> g, GraphFromGraphDef(def));
    ASSERT_NE(g->FindNode("keras_learning_phase"), nullptr);
    EXPECT_EQ(g->FindNode("keras_learning_phase")->op(), "PlaceholderWithDefault");
    ASSERT_OK(PruneGraph(g.get(), {"result"}, {}));
    EXPECT_EQ(g->FindNode("keras_learning_phase"), nullptr);
    EXPECT_EQ(g->FindNode("keras_learning_phase/input"), nullptr);
  }
}

}  // namespace
}  // namespace rill
