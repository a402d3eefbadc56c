// Test helpers for graph passes: build a Graph from a Scope, look at nodes, and run a graph on the
// reference Interpreter so a pass's output can be compared with its input bit for bit.
#ifndef RILL_COMPILER_TESTING_PASS_TEST_UTIL_H_
#define RILL_COMPILER_TESTING_PASS_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/graph.h"
#include "graph/scope.h"
#include "graph/tensor.h"

namespace rill::compiler::testing {

// The Scope's graph as a Graph (the Scope's first error, if any).
absl::StatusOr<std::unique_ptr<Graph>> GraphFromScope(const Scope& scope);

// The op of node `name`, or "<absent>" when there is no such node.
std::string OpOf(const Graph& graph, const std::string& name);

// The names of the producers of `node`'s data inputs ("x", or "x:1" for other ports), in order;
// {"<absent>"} when there is no such node.
std::vector<std::string> DataInputNames(const Graph& graph, const std::string& node);

// The value of Const `name`; NotFound / InvalidArgument when it is absent or not a Const.
absl::StatusOr<Tensor> ConstValue(const Graph& graph, const std::string& name);

// Runs `graph` once on a fresh Interpreter and returns the fetched values.
absl::StatusOr<std::vector<Tensor>> RunOnInterpreter(const Graph& graph,
                                                     const std::vector<Feed>& feeds,
                                                     const std::vector<std::string>& fetches);

// Ok when `before` and `after` give bitwise-equal fetches for `feeds` (NaN payloads and -0.0
// count); else InvalidArgument describing the first difference, or the run's error.
absl::Status ExpectSameResults(const Graph& before, const Graph& after,
                               const std::vector<Feed>& feeds,
                               const std::vector<std::string>& fetches);

}  // namespace rill::compiler::testing

#endif  // RILL_COMPILER_TESTING_PASS_TEST_UTIL_H_
