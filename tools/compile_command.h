// graphtool's `compile` command: compiles a GraphDef for given feeds/fetches/targets with
// compiler::Compile, prints the requested stage dumps (graph after each pass, LLVM IR before and
// after optimisation, assembly), what was lowered to native code and what was not (with the
// reason), and optionally runs it once on deterministic inputs.
#ifndef RILL_TOOLS_COMPILE_COMMAND_H_
#define RILL_TOOLS_COMPILE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/compile.h"
#include "graph/graph.pb.h"

namespace rill::tools {

// Parses "x=float[2,3];y=int32[]" into feed specs (InvalidArgument naming the bad entry).
absl::StatusOr<std::vector<compiler::FeedSpec>> ParseFeedSpecs(const std::string& text);

struct CompileCommandOptions {
  std::vector<compiler::FeedSpec> feeds;
  std::vector<std::string> fetches;
  std::vector<std::string> targets;
  // Pass names, "all" (every pass), or "llvm" (IR before/after optimisation and assembly).
  std::vector<std::string> dump_after;
  int opt_level = 3;
  int num_threads = 0;  // CompileOptions::num_threads
  bool run = false;  // run once on inputs 0.5, -1, 1.5, ... and print the fetched values
};

absl::Status RunCompileCommand(const GraphDef& graph, const CompileCommandOptions& options,
                               std::ostream& out);

}  // namespace rill::tools

#endif  // RILL_TOOLS_COMPILE_COMMAND_H_
