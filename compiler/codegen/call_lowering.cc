// The router over the call families and their shared operand collection (call_lowering.h).
#include "compiler/codegen/call_lowering.h"

#include <optional>
#include <utility>

#include "absl/strings/str_replace.h"
#include "base/status_macros.h"
#include "compiler/codegen/dense_call_lowering.h"
#include "compiler/codegen/random_call_lowering.h"
#include "compiler/codegen/softmax_call_lowering.h"
#include "graph/node_signature.h"
#include "graph/types.h"

namespace rill::codegen {
namespace {

// The known shape of `node`'s output `port`, or nullopt.
absl::StatusOr<std::optional<KernelOperand>> KnownOutput(const Node& node, int port,
                                                         const ShapeRefiner& shapes) {
  ASSIGN_OR_RETURN(auto out, shapes.output(node, port));
  if (!out.second.IsFullyDefined()) return std::optional<KernelOperand>();
  ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromPartial(out.second));
  return std::optional<KernelOperand>(KernelOperand{BaseType(out.first), std::move(shape)});
}

}  // namespace

bool HasCallLowering(const std::string& op) {
  return HasDenseCallLowering(op) || HasRandomCallLowering(op) || HasSoftmaxCallLowering(op);
}

absl::StatusOr<bool> MakeCallSpec(const Node& node, const ShapeRefiner& shapes,
                                  const OpRegistry& registry, CallSpec* spec) {
  if (HasRandomCallLowering(node.op())) return MakeRandomCallSpec(node, shapes, registry, spec);
  if (HasSoftmaxCallLowering(node.op())) return MakeSoftmaxCallSpec(node, shapes, registry, spec);
  return MakeDenseCallSpec(node, shapes, registry, spec);
}

std::string SubstituteSafeContext(const Node& node) {
  return absl::StrReplaceAll(NodeContext(node), {{"$", "$$"}});
}

absl::StatusOr<bool> CollectCallOperands(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, CallSpec* spec) {
  ASSIGN_OR_RETURN(NodeSignature sig, ResolveNodeSignature(node, registry));
  for (const Edge* e : node.data_inputs()) {
    if (IsRefType(sig.inputs.dtypes[e->dst_input])) return false;
    ASSIGN_OR_RETURN(std::optional<KernelOperand> in, KnownOutput(*e->src, e->src_output, shapes));
    if (!in.has_value()) return false;
    spec->inputs.push_back(*std::move(in));
  }
  for (int port = 0; port < static_cast<int>(sig.outputs.size()); ++port) {
    ASSIGN_OR_RETURN(std::optional<KernelOperand> out, KnownOutput(node, port, shapes));
    if (!out.has_value()) return false;
    spec->outputs.push_back(*std::move(out));
  }
  return !spec->outputs.empty();
}

}  // namespace rill::codegen
