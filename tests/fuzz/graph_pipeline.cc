// RunGraphPipeline: every stage of the Graph layer that untrusted bytes can reach.
#include "tests/fuzz/graph_pipeline.h"

#include <memory>
#include <string>
#include <vector>

#include "graph/graph_convert.h"
#include "graph/graph_io.h"
#include "graph/graph_validate.h"
#include "graph/prune.h"
#include "graph/shape_refiner.h"
#include "graph/topological_order.h"

namespace rill::fuzz {

PipelineResult RunGraphPipeline(absl::string_view bytes, bool text) {
  PipelineResult result;
  absl::StatusOr<GraphDef> def = text ? ParseGraphDefText(bytes) : ParseGraphDefBinary(bytes);
  if (!def.ok()) {
    result.status = def.status();
    return result;
  }
  result.parsed = true;
  absl::StatusOr<std::unique_ptr<Graph>> graph = GraphFromGraphDef(*def);
  if (!graph.ok()) {
    result.status = graph.status();
    return result;
  }
  result.converted = true;
  Graph& g = **graph;
  AddDefaultAttrs(&g);
  result.status = ValidateGraph(g);
  // Ordering and pruning must also work on graphs that do not validate (cycles included).
  (void)TopologicalOrder(g);
  const std::vector<Node*> nodes = g.nodes();
  if (!result.status.ok()) {
    if (!nodes.empty()) (void)PruneGraph(&g, {nodes.back()->name() + ":0"}, {});
    return result;
  }
  result.valid = true;
  (void)InferShapes(g);
  const GraphDef back = GraphToGraphDef(g);
  if (!nodes.empty()) (void)PruneGraph(&g, {}, {nodes.front()->name()});
  // A valid graph written back out must load and validate again.
  absl::StatusOr<std::unique_ptr<Graph>> again = GraphFromGraphDef(back);
  if (!again.ok() || !ValidateGraph(**again).ok()) {
    result.valid = false;
    result.status = absl::InternalError("a validated graph did not survive GraphDef round trip");
  }
  return result;
}

}  // namespace rill::fuzz
