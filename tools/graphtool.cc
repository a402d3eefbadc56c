// graphtool: rill's inspection driver for users and golden tests. Lists ops, validates, dumps,
// prunes, summarises and compiles TensorFlow GraphDefs (text or binary), and builds a demo model.
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "graph/graph.h"
#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "graph/graph_validate.h"
#include "graph/prune.h"
#include "graph/shape_refiner.h"
#include "graph/topological_order.h"
#include "graph/types.h"
#include "ops/op_registry.h"
#include "tools/compile_command.h"
#include "tools/demo_model.h"

ABSL_FLAG(std::string, fetch, "", "comma-separated tensor names to prune to (\"node\" or \"node:port\")");
ABSL_FLAG(std::string, target, "", "comma-separated node names run for effect (kept by pruning)");
ABSL_FLAG(std::string, out, "", "dump: also write the graph to this file (.pbtxt text, else binary)");
ABSL_FLAG(std::string, feeds, "", "compile: feed specs, e.g. \"x=float[2,3];y=int32[4]\"");
ABSL_FLAG(std::string, dump_after, "",
          "compile: comma-separated pass names to dump the graph after, \"all\", \"llvm\" "
          "(IR before/after optimisation and assembly) and/or \"clusters\" (the native "
          "kernels run as one call each)");
ABSL_FLAG(int, opt_level, 3, "compile: 0 (reference kernels only) to 3");
ABSL_FLAG(int, num_threads, 0, "compile: threads of the runtime kernels (0: one per core)");
ABSL_FLAG(bool, run, false, "compile: run once on deterministic inputs and print the fetches");

namespace rill {
namespace {

constexpr char kUsage[] =
    "graphtool <command> [flags] [files]\n"
    "  ops                 list registered ops with their signatures\n"
    "  validate FILE...    load, add default attrs and validate each GraphDef\n"
    "  dump FILE           print the canonical text of a GraphDef (after --fetch/--target pruning)\n"
    "  stats FILE          node/edge counts, ops used, and inferred output shapes\n"
    "  dot FILE            Graphviz DOT of the graph (pipe to `dot -Tsvg`)\n"
    "  compile FILE        compile for --feeds/--fetch/--target; --dump_after, --opt_level, --num_threads, --run\n"
    "  demo                build a small model with the C++ Scope API, validate and summarise it";

std::vector<std::string> SplitList(const std::string& s) {
  return absl::StrSplit(s, ',', absl::SkipEmpty());
}

// Loads `path`, builds a Graph, fills in attr defaults and prunes to --fetch/--target if given.
absl::StatusOr<std::unique_ptr<Graph>> LoadGraph(const std::string& path) {
  ASSIGN_OR_RETURN(GraphDef def, ReadGraphDefFile(path));
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> graph, GraphFromGraphDef(def));
  AddDefaultAttrs(graph.get());
  const std::vector<std::string> fetches = SplitList(absl::GetFlag(FLAGS_fetch));
  const std::vector<std::string> targets = SplitList(absl::GetFlag(FLAGS_target));
  if (!fetches.empty() || !targets.empty()) {
    RETURN_IF_ERROR(PruneGraph(graph.get(), fetches, targets));
  }
  return graph;
}

absl::Status ListOps() {
  for (const OpRegistration* op : OpRegistry::Global()->List()) {
    std::cout << OpSignatureString(*op) << "\n";
  }
  return absl::OkStatus();
}

absl::Status Validate(const std::vector<std::string>& files) {
  if (files.empty()) return absl::InvalidArgumentError("validate: no files given");
  int failed = 0;
  for (const std::string& path : files) {
    absl::StatusOr<std::unique_ptr<Graph>> graph = LoadGraph(path);
    absl::Status status = graph.ok() ? ValidateGraph(**graph) : graph.status();
    if (status.ok()) {
      std::cout << path << ": OK (" << (*graph)->num_nodes() << " nodes)\n";
    } else {
      ++failed;
      std::cout << path << ": " << status << "\n";
    }
  }
  std::cout << files.size() - failed << " valid, " << failed << " invalid\n";
  if (failed > 0) return absl::InvalidArgumentError(absl::StrCat(failed, " graph(s) invalid"));
  return absl::OkStatus();
}

absl::Status Dump(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> graph, LoadGraph(path));
  GraphDef def = GraphToGraphDef(*graph);
  std::cout << GraphDefToText(def);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (!out.empty()) {
    const bool text = absl::EndsWith(out, ".pbtxt") || absl::EndsWith(out, ".txt");
    RETURN_IF_ERROR(WriteGraphDefFile(def, out, text));
  }
  return absl::OkStatus();
}

// Prints counts, the op histogram and every node's inferred output dtypes and shapes.
absl::Status PrintStats(const Graph& graph) {
  std::map<std::string, int> ops;
  for (const Node* n : graph.nodes()) ++ops[n->op()];
  std::cout << "nodes: " << graph.num_nodes() << "  edges: " << graph.num_edges() << "\n";
  for (const auto& [op, count] : ops) std::cout << "  " << op << " x" << count << "\n";
  ASSIGN_OR_RETURN(std::vector<Node*> order, TopologicalOrder(graph));
  ASSIGN_OR_RETURN(std::unique_ptr<ShapeRefiner> shapes, InferShapes(graph));
  for (const Node* n : order) {
    const NodeOutputs* outs = shapes->outputs(*n);
    std::vector<std::string> parts;
    for (size_t i = 0; outs != nullptr && i < outs->dtypes.size(); ++i) {
      parts.push_back(absl::StrCat(DataTypeString(outs->dtypes[i]), outs->shapes[i].DebugString()));
    }
    std::cout << "  " << n->name() << " (" << n->op() << ") -> " << absl::StrJoin(parts, ", ")
              << "\n";
  }
  return absl::OkStatus();
}

absl::Status Stats(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> graph, LoadGraph(path));
  return PrintStats(*graph);
}

std::string DotQuote(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

absl::Status Dot(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> graph, LoadGraph(path));
  std::cout << "digraph rill {\n  node [shape=box, fontname=\"monospace\"];\n";
  for (const Node* n : graph->nodes()) {
    std::cout << "  " << DotQuote(n->name()) << " [label=" << DotQuote(n->name() + "\\n" + n->op())
              << "];\n";
  }
  for (const Node* n : graph->nodes()) {
    for (const Edge* e : n->out_edges()) {
      std::cout << "  " << DotQuote(e->src->name()) << " -> " << DotQuote(e->dst->name());
      if (e->IsControl()) std::cout << " [style=dashed]";
      std::cout << ";\n";
    }
  }
  std::cout << "}\n";
  return absl::OkStatus();
}

absl::Status Demo() {
  std::cout << "Building a 784-128-10 classifier with the C++ Scope API...\n";
  ASSIGN_OR_RETURN(GraphDef def, BuildDemoModel());
  ASSIGN_OR_RETURN(std::unique_ptr<Graph> graph, GraphFromGraphDef(def));
  RETURN_IF_ERROR(ValidateGraph(*graph));
  RETURN_IF_ERROR(PrintStats(*graph));
  std::cout << "demo: built and validated " << graph->num_nodes() << " nodes; "
            << OpRegistry::Global()->size() << " ops registered\n";
  return absl::OkStatus();
}

absl::Status Main(const std::vector<char*>& args) {
  if (args.size() < 2) return absl::InvalidArgumentError(absl::StrCat("no command\n", kUsage));
  const std::string cmd = args[1];
  std::vector<std::string> files(args.begin() + 2, args.end());
  auto one_file = [&]() -> absl::StatusOr<std::string> {
    if (files.size() != 1) {
      return absl::InvalidArgumentError(absl::StrCat(cmd, ": expected one file, got ", files.size()));
    }
    return files[0];
  };
  if (cmd == "ops") return ListOps();
  if (cmd == "validate") return Validate(files);
  if (cmd == "demo") return Demo();
  if (cmd == "compile") {
    ASSIGN_OR_RETURN(std::string file, one_file());
    ASSIGN_OR_RETURN(GraphDef def, ReadGraphDefFile(file));
    tools::CompileCommandOptions options;
    ASSIGN_OR_RETURN(options.feeds, tools::ParseFeedSpecs(absl::GetFlag(FLAGS_feeds)));
    options.fetches = SplitList(absl::GetFlag(FLAGS_fetch));
    options.targets = SplitList(absl::GetFlag(FLAGS_target));
    options.dump_after = SplitList(absl::GetFlag(FLAGS_dump_after));
    options.opt_level = absl::GetFlag(FLAGS_opt_level);
    options.num_threads = absl::GetFlag(FLAGS_num_threads);
    options.run = absl::GetFlag(FLAGS_run);
    return tools::RunCompileCommand(def, options, std::cout);
  }
  if (cmd == "dump" || cmd == "stats" || cmd == "dot") {
    ASSIGN_OR_RETURN(std::string file, one_file());
    if (cmd == "dump") return Dump(file);
    if (cmd == "stats") return Stats(file);
    return Dot(file);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown command '", cmd, "'\n", kUsage));
}

}  // namespace
}  // namespace rill

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(rill::kUsage);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  absl::Status status = rill::Main(args);
  std::cout.flush();
  if (!status.ok()) {
    std::cerr << "graphtool: " << status << "\n";
    return 1;
  }
  return 0;
}
