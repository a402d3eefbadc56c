// In-suite fuzzing of the Graph layer: thousands of deterministic mutations (bit flips,
// truncation, splices, repeated chunks) of serialised GraphDefs go through parse -> Graph ->
// Validate (graph_pipeline.h). Nothing may crash (run it under --config=asan), and at least 30% of
// the cases must parse and so reach validation, or the run would only exercise the parser. The
// corpus is the real TensorFlow graphs of ../shared/conformance when present, plus graphs built in
// code (always, so the test never skips).
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/stubs/logging.h"
#include "graph/graph_io.h"
#include "graph/scope.h"
#include "graph/testing/shared_data.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "tests/fuzz/graph_pipeline.h"
#include "tests/fuzz/mutator.h"

namespace rill::fuzz {
namespace {

constexpr uint64_t kSeed = 0x5EED'2024'0001ull;
constexpr int kBinaryCases = 10000;
constexpr int kTextCases = 2000;
constexpr double kMinReachedValidate = 0.30;  // share of cases that must parse

// Small graphs built with the client API: a dense layer, control dependencies, a default input.
std::vector<GraphDef> GraphsBuiltInCode() {
  std::vector<GraphDef> out;
  {
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 3}});
    Scope dense = root.NewSubScope("dense");
    Output w = ops::Const(dense.WithOpName("w"), {{1.f, 2.f}, {3.f, 4.f}, {5.f, 6.f}});
    Output b = ops::Const(dense.WithOpName("b"), {0.5f, -0.5f});
    ops::Identity(root.WithOpName("out"),
                  ops::Relu(dense, ops::AddV2(dense, ops::MatMul(dense, x, w), b)));
    out.push_back(*root.ToGraphDef());
  }
  {
    Scope root = Scope::NewRootScope();
    Output a = ops::Const(root.WithOpName("a"), {1, 2, 3});
    Operation init = ops::NoOp(root.WithOpName("init"));
    Output sum = ops::Add(root.WithControlDependencies({init}).WithOpName("sum"), a, a);
    Output phase = ops::PlaceholderWithDefault(root.WithOpName("phase"), ops::Const(root, false),
                                               PartialShape::Scalar());
    ops::NoOp(root.WithControlDependencies(sum).WithControlDependencies(phase).WithOpName("group"));
    out.push_back(*root.ToGraphDef());
  }
  return out;
}

std::vector<GraphDef> Corpus() {
  std::vector<GraphDef> corpus = GraphsBuiltInCode();
  absl::StatusOr<std::vector<std::string>> files =
      rill::testing::ConformanceFiles("tf-graphs", ".pbtxt");
  if (!files.ok()) {
    std::cerr << "fuzzing only graphs built in code: " << files.status().message() << "\n";
    return corpus;
  }
  for (const std::string& path : *files) {
    absl::StatusOr<GraphDef> def = ReadGraphDefFile(path);
    EXPECT_OK(def) << path;
    if (def.ok()) corpus.push_back(*std::move(def));
  }
  std::cerr << "corpus: " << files->size() << " conformance graphs + graphs built in code\n";
  return corpus;
}

struct Tally {
  int cases = 0, parsed = 0, converted = 0, valid = 0;
  std::string Summary() const {
    return absl::StrCat(cases, " cases: ", parsed, " parsed (reached validation), ", converted,
                        " passed the structural checks (reached ValidateGraph), ", valid, " valid");
  }
};

Tally Fuzz(const std::vector<std::string>& seeds, int cases, bool text, uint64_t seed) {
  Rng rng(seed);
  constexpr Mutation kKinds[] = {Mutation::kBitFlips, Mutation::kTruncate, Mutation::kSplice,
                                 Mutation::kDuplicateChunk};
  Tally t;
  for (int i = 0; i < cases; ++i) {
    const std::string input =
        Mutate(seeds, kKinds[i % 4], text ? Format::kText : Format::kBinary, rng);
    const PipelineResult r = RunGraphPipeline(input, text);
    ++t.cases;
    t.parsed += r.parsed;
    t.converted += r.converted;
    t.valid += r.valid;
    // Internal means a validated graph broke on the way back: a bug, not bad input.
    EXPECT_NE(r.status.code(), absl::StatusCode::kInternal) << r.status;
  }
  return t;
}

class GraphFuzzTest : public ::testing::Test {
 protected:
  // Protobuf logs every invalid UTF-8 string it rejects; thousands of lines would bury the result.
  static void SetUpTestSuite() { google::protobuf::SetLogHandler(nullptr); }
};

TEST_F(GraphFuzzTest, MutatedBinaryGraphsNeverCrash) {
  std::vector<std::string> seeds;
  for (const GraphDef& def : Corpus()) seeds.push_back(SerializeDeterministic(def));
  // The unmutated corpus parses (sanity check of the harness itself).
  for (const std::string& s : seeds) EXPECT_TRUE(RunGraphPipeline(s, /*text=*/false).converted);
  const Tally t = Fuzz(seeds, kBinaryCases, /*text=*/false, kSeed);
  std::cerr << "binary: " << t.Summary() << "\n";
  EXPECT_GE(t.parsed, kMinReachedValidate * t.cases) << t.Summary();
  EXPECT_GT(t.converted, 0) << t.Summary();
  EXPECT_GT(t.valid, 0) << t.Summary();
  EXPECT_LT(t.valid, t.converted) << "mutations never produced an invalid graph: " << t.Summary();
}

TEST_F(GraphFuzzTest, MutatedTextGraphsNeverCrash) {
  std::vector<std::string> seeds;
  for (const GraphDef& def : Corpus()) seeds.push_back(GraphDefToText(def));
  const Tally t = Fuzz(seeds, kTextCases, /*text=*/true, kSeed + 1);
  std::cerr << "text: " << t.Summary() << "\n";
  EXPECT_GT(t.parsed, 0) << t.Summary();
}

}  // namespace
}  // namespace rill::fuzz
