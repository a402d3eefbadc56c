// Test helpers for graph passes (see pass_test_util.h).
#include "compiler/testing/pass_test_util.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph_convert.h"

namespace rill::compiler::testing {

absl::StatusOr<std::unique_ptr<Graph>> GraphFromScope(const Scope& scope) {
  ASSIGN_OR_RETURN(GraphDef def, scope.ToGraphDef());
  return GraphFromGraphDef(def);
}

std::string OpOf(const Graph& graph, const std::string& name) {
  const Node* n = graph.FindNode(name);
  return n == nullptr ? "<absent>" : n->op();
}

std::vector<std::string> DataInputNames(const Graph& graph, const std::string& node) {
  const Node* n = graph.FindNode(node);
  if (n == nullptr) return {"<absent>"};
  std::vector<std::string> names;
  for (int i = 0; i < n->num_data_inputs(); ++i) names.push_back(n->DataInputName(i));
  return names;
}

absl::StatusOr<Tensor> ConstValue(const Graph& graph, const std::string& name) {
  ASSIGN_OR_RETURN(Node * n, graph.GetNode(name));
  auto it = n->attrs().find("value");
  if (n->op() != "Const" || it == n->attrs().end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("node '", name, "' is a ", n->op(), ", not a Const"));
  }
  return Tensor::FromProto(it->second.tensor());
}

absl::StatusOr<std::vector<Tensor>> RunOnInterpreter(const Graph& graph,
                                                     const std::vector<Feed>& feeds,
                                                     const std::vector<std::string>& fetches) {
  ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> interpreter, Interpreter::Create(graph));
  return interpreter->Run(feeds, fetches);
}

absl::Status ExpectSameResults(const Graph& before, const Graph& after,
                               const std::vector<Feed>& feeds,
                               const std::vector<std::string>& fetches) {
  ASSIGN_OR_RETURN(std::vector<Tensor> want, RunOnInterpreter(before, feeds, fetches));
  ASSIGN_OR_RETURN(std::vector<Tensor> got, RunOnInterpreter(after, feeds, fetches));
  for (size_t i = 0; i < fetches.size(); ++i) {
    if (!want[i].BitwiseEqual(got[i])) {
      return absl::InvalidArgumentError(absl::StrCat("fetch '", fetches[i], "': before ",
                                                     want[i].DebugString(), ", after ",
                                                     got[i].DebugString()));
    }
  }
  return absl::OkStatus();
}

}  // namespace rill::compiler::testing
