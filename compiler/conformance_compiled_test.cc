// The conformance graphs in ../shared/conformance/tf-graphs, compiled with compiler::Compile (fed
// placeholders' unknown dims set to 2), give bitwise the reference executor's values (within
// testing::kDenseTolerance for graphs with f32 MatMul / convolutions, which call the runtime's
// GEMM and convolutions), and their math runs as native kernels. Skips when ../shared is absent.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/testing/compiled_numerics.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/graph_io.h"
#include "graph/testing/shared_data.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::compiler {
namespace {

struct Case {
  std::string file;
  std::vector<std::string> fetches;
  bool expect_native;  // some node must run as a native kernel
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.file; }

class ConformanceCompiledTest : public ::testing::TestWithParam<Case> {};

TEST_P(ConformanceCompiledTest, CompiledMatchesTheReferenceExecutor) {
  const Case& c = GetParam();
  absl::StatusOr<std::string> dir = testing::ConformanceDir();
  if (!dir.ok()) GTEST_SKIP() << dir.status();
  ASSERT_OK_AND_ASSIGN(GraphDef graph, ReadGraphDefFile(*dir + "/tf-graphs/" + c.file));
  // Feed every Placeholder, with its declared shape (unknown dims = 2).
  std::vector<FeedSpec> feeds;
  std::vector<Tensor> values;
  std::vector<Feed> named;
  for (const NodeDef& node : graph.node()) {
    if (node.op() != "Placeholder") continue;
    const DataType dtype = node.attr().at("dtype").type();
    // Unknown rank (no shape attr, as in 02): a vector of 4.
    std::vector<int64_t> dims = {4};
    if (auto shape = node.attr().find("shape");
        shape != node.attr().end() && !shape->second.shape().unknown_rank()) {
      dims.clear();
      for (const auto& d : shape->second.shape().dim()) dims.push_back(d.size() < 0 ? 2 : d.size());
    }
    ASSERT_OK_AND_ASSIGN(TensorShape shape, TensorShape::Create(dims));
    Tensor value = rill::testing::RandomTensor(dtype, shape, feeds.size() + 1, -3, 3);
    feeds.push_back({node.name(), dtype, shape});
    values.push_back(value);
    named.emplace_back(node.name(), value);
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe, Compile(graph, {feeds, c.fetches, {}}));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, exe->Run(values, 0));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(graph));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->Run(named, c.fetches));
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_TRUE(rill::testing::MatchesReference(graph, got[i], want[i])) << c.fetches[i];
  }
  if (c.expect_native) {
    EXPECT_GT(exe->last_run_stats().compiled_kernels_run, 0)
        << "not lowered: " << ::testing::PrintToString(exe->not_lowered());
  }
}

INSTANTIATE_TEST_SUITE_P(
    TfGraphs, ConformanceCompiledTest,
    ::testing::Values(Case{"01-tf-aot-tfadd.pbtxt", {"x_y_sum"}, false},  // folded to a constant
                      Case{"02-tflite-e2e-add-int32.pbtxt", {"Add"}, true},
                      Case{"03-tflite-e2e-conv2d.pbtxt", {"output_0"}, true},
                      Case{"04-tf-cc-matmul-chain.pbtxt", {"output"}, true},
                      Case{"05-dl4j-reduce-dim-sum.pbtxt", {"Sum"}, false},  // folded
                      Case{"07-ngraph-bridge-axpy.pbtxt", {"mul", "add"}, true},
                      Case{"08-tosa-add-broadcast.pbtxt", {"result"}, true},
                      Case{"09-tosa-conv2d-1x1.pbtxt", {"result"}, true},
                      Case{"14-one-maxpool-valid.pbtxt", {"maxpool2d"}, true},
                      Case{"15-one-avgpool-same.pbtxt", {"avgpool2d"}, true}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return absl::StrCat("graph", info.param.file.substr(0, 2));
    });

}  // namespace
}  // namespace rill::compiler
