// PlanBuffers: alias-aware liveness of native kernel outputs, then greedy arena assignment.
#include "compiler/buffer_plan.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/tensor_id.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"

namespace rill::compiler {
namespace {

bool Forwards(const Node& node, const OpRegistry& registry) {
  const OpRegistration* op = registry.Find(node.op());
  return op != nullptr && op->traits.forwards_input;
}

}  // namespace

absl::StatusOr<BufferPlan> PlanBuffers(absl::Span<Node* const> schedule,
                                       const ShapeRefiner& shapes,
                                       const absl::flat_hash_set<std::string>& native,
                                       const std::vector<std::string>& fetches,
                                       const OpRegistry& registry) {
  absl::flat_hash_map<const Node*, int> position;
  for (int i = 0; i < static_cast<int>(schedule.size()); ++i) position[schedule[i]] = i;
  absl::flat_hash_set<std::string> fetched;
  for (const std::string& f : fetches) {
    ASSIGN_OR_RETURN(TensorId id, ParseTensorName(f));
    fetched.insert(id.ToString());
  }

  BufferPlan plan;
  std::vector<std::string> owners;    // request i belongs to node owners[i]
  std::vector<std::string> last_readers;
  for (Node* node : schedule) {
    if (!native.contains(node->name())) continue;
    // Follow output 0 through forwarding views: every reader must be native (reads and lets go)
    // or a view whose own readers qualify; nothing in the alias set may be fetched.
    bool eligible = true;
    int last_use = position[node];
    const Node* last_reader = node;
    std::vector<std::pair<const Node*, int>> aliases = {{node, 0}};
    for (size_t k = 0; k < aliases.size() && eligible; ++k) {
      const auto [holder, port] = aliases[k];
      if (fetched.contains(TensorId{holder->name(), port}.ToString())) eligible = false;
      for (const Edge* e : holder->out_edges()) {
        if (!eligible) break;
        if (e->IsControl() || e->src_output != port) continue;
        auto at = position.find(e->dst);
        if (at == position.end()) continue;  // not run by this plan
        if (Forwards(*e->dst, registry)) {
          aliases.emplace_back(e->dst, 0);  // views share their input's buffer as output 0
        } else if (!native.contains(e->dst->name())) {
          eligible = false;
        }
        if (at->second > last_use) {
          last_use = at->second;
          last_reader = e->dst;
        }
      }
    }
    if (!eligible) continue;
    ASSIGN_OR_RETURN(auto out, shapes.output(*node, 0));
    if (!out.second.IsFullyDefined() || DataTypeSize(out.first) <= 0) continue;
    ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromPartial(out.second));
    const int64_t bytes = shape.num_elements() * DataTypeSize(out.first);
    if (bytes == 0) continue;
    // A view read last by a non-native node cannot be the place that frees the buffer.
    if (last_reader != node && !native.contains(last_reader->name())) continue;
    plan.requests.push_back({absl::StrCat(node->name(), ":0"), bytes, position[node], last_use});
    owners.push_back(node->name());
    last_readers.push_back(last_reader->name());
  }
  ASSIGN_OR_RETURN(plan.assignment, AssignBuffers(plan.requests));
  for (size_t i = 0; i < plan.requests.size(); ++i) {
    const PlannedBuffer buffer{plan.assignment.offsets[i], plan.requests[i].bytes};
    plan.outputs[owners[i]] = buffer;
    plan.dead_after[last_readers[i]].push_back(buffer);
  }
  return plan;
}

}  // namespace rill::compiler
