// A stable, compact, one-line-per-node text form of a Graph for golden (FileCheck) tests:
//   name = Op(input, input:1, ^control) {attr=value, ...}
#ifndef RILL_COMPILER_TESTING_GRAPH_PRINTER_H_
#define RILL_COMPILER_TESTING_GRAPH_PRINTER_H_

#include <string>

#include "graph/attr_value.pb.h"
#include "graph/graph.h"

namespace rill::compiler::testing {

// One attr value: types as "float", shapes as "[2,?]", tensors as "float [2] {1, 2}", lists as
// "[a, b]", strings quoted.
std::string AttrValueToShortString(const AttrValue& value);

// The graph, one line per node ending in '\n', in topological order with ties broken by name
// (so the text does not depend on node ids); data inputs in port order, then control inputs
// sorted by name, then attrs sorted by name. A graph with a cycle prints its nodes by name after
// the acyclic part, marked "// cycle". Deterministic: equal graphs print equal text.
std::string PrintGraph(const Graph& graph);

}  // namespace rill::compiler::testing

#endif  // RILL_COMPILER_TESTING_GRAPH_PRINTER_H_
