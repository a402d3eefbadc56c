// golden_pass_runner: loads a text GraphDef, runs the named passes through a PassPipeline and
// prints the graph (graph_printer.h) before and after each pass, for FileCheck golden tests:
//   golden_pass_runner --graph=x.pbtxt --passes=constant_folding,dce --keep=out [--feeds=x]
// Each section starts with "// input" or "// after <pass>". Errors go to stderr, exit code 1.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "compiler/pass_pipeline.h"
#include "compiler/passes/algebraic_simplification.h"
#include "compiler/passes/common_subexpression_elimination.h"
#include "compiler/passes/constant_folding.h"
#include "compiler/passes/dead_code_elimination.h"
#include "compiler/passes/elementwise_fusion.h"
#include "compiler/passes/epilogue_fusion.h"
#include "compiler/testing/graph_printer.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"

ABSL_FLAG(std::string, graph, "", "text GraphDef to load");
ABSL_FLAG(std::string, passes, "",
          "comma-separated passes: constant_folding, simplify, cse, dce, cleanup (the four "
          "to a fixed point), epilogue_fusion or elementwise_fusion");
ABSL_FLAG(std::string, keep, "", "comma-separated node names to keep (fetches, targets)");
ABSL_FLAG(std::string, feeds, "", "comma-separated fed node names (kept, never folded)");

namespace rill::compiler {
namespace {

std::vector<std::string> SplitList(const std::string& list) {
  return absl::StrSplit(list, ',', absl::SkipEmpty());
}

// Adds the pass called `name` to `pipeline`; InvalidArgument for an unknown name.
absl::Status AddNamedPass(const std::string& name, const std::vector<std::string>& keep,
                          const std::vector<std::string>& feeds, PassPipeline* pipeline) {
  std::vector<std::string> roots = keep;  // DCE/CSE/simplify must keep feeds too
  roots.insert(roots.end(), feeds.begin(), feeds.end());
  if (name == "constant_folding") {
    pipeline->AddPass<ConstantFolding>(ConstantFoldingOptions{.feeds = feeds, .keep = keep});
  } else if (name == "simplify") {
    pipeline->AddPass<AlgebraicSimplification>(
        AlgebraicSimplificationOptions{.keep = keep, .feeds = feeds});
  } else if (name == "cse") {
    pipeline->AddPass<CommonSubexpressionElimination>(roots);
  } else if (name == "dce") {
    pipeline->AddPass<DeadCodeElimination>(roots);
  } else if (name == "epilogue_fusion") {
    pipeline->AddPass<EpilogueFusion>(keep);
  } else if (name == "elementwise_fusion") {
    pipeline->AddPass<ElementwiseFusion>(roots);
  } else if (name == "cleanup") {
    PassPipeline& nested = pipeline->AddFixedPoint("cleanup");
    for (const char* inner : {"constant_folding", "simplify", "cse", "dce"}) {
      RETURN_IF_ERROR(AddNamedPass(inner, keep, feeds, &nested));
    }
  } else {
    return absl::InvalidArgumentError(absl::StrCat("--passes: unknown pass '", name, "'"));
  }
  return absl::OkStatus();
}

absl::Status Main() {
  const std::string path = absl::GetFlag(FLAGS_graph);
  if (path.empty()) return absl::InvalidArgumentError("--graph is required");
  ASSIGN_OR_RETURN(GraphDef def, ReadGraphDefFile(path));
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> graph, GraphFromGraphDef(def));
  const std::vector<std::string> keep = SplitList(absl::GetFlag(FLAGS_keep));
  const std::vector<std::string> feeds = SplitList(absl::GetFlag(FLAGS_feeds));
  PipelineOptions options;
  options.dump_after.insert("all");
  options.dump = [](absl::string_view pass, const Graph& g) {
    std::cout << "// after " << pass << "\n" << testing::PrintGraph(g);
  };
  PassPipeline pipeline("golden", options);
  for (const std::string& name : SplitList(absl::GetFlag(FLAGS_passes))) {
    RETURN_IF_ERROR(AddNamedPass(name, keep, feeds, &pipeline));
  }
  std::cout << "// input\n" << testing::PrintGraph(*graph);
  return pipeline.Run(graph.get()).status();
}

}  // namespace
}  // namespace rill::compiler

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::Status status = rill::compiler::Main();
  if (!status.ok()) {
    std::cerr << "golden_pass_runner: " << status << "\n";
    return 1;
  }
  return 0;
}
