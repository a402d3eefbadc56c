// Element-wise fusion: chains and trees of element-wise ops with one output shape become one
// RillFusion node (one loop nest in codegen), its body a FunctionDef in the graph's library;
// element-wise producers also fuse into the reduction they feed.
#ifndef RILL_COMPILER_PASSES_ELEMENTWISE_FUSION_H_
#define RILL_COMPILER_PASSES_ELEMENTWISE_FUSION_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "compiler/pass.h"
#include "ops/op_registry.h"

namespace rill::compiler {

// Policy (XLA's producer-consumer loop fusion, in its simplest safe form): a producer joins its
// consumers' group when it is element-wise (registry trait, not stateful, one output), every one
// of its data consumers is in that one group, its output shape is fully known and equal to the
// group's, and it is not named in `keep`. Because a member's every use is inside the group, a
// group has exactly one output (its root's) and fusing can never create a cycle. Inputs of other
// shapes (broadcast operands) stay outside as kernel inputs. The fused node takes the root's name,
// so fetches by name keep working. Groups of one node are left alone.
//
// Producers fuse into reductions (XLA's loop fusion into reduce): a reduction (Sum, Prod, Max,
// Min, ArgMax, ArgMin, NHWC BiasAddGrad; f32 BiasAddGrad with at most 16384 channels, emitted in
// runtime::ColumnSums' order) with a fully known input 0 and Const axes roots a group shaped like
// its input 0;
// element-wise producers join it by the rule above, through input 0 only. The result is a
// RillFusion with kind "reduction" (kFusionKindReduction) whose body ends in the reduction node
// and whose Const axes are ordinary inputs (in_<k>); codegen emits the reduction's loop kernel
// reading input 0 through the producers' element emitters (no intermediate buffer), in the
// reduction's own summation order, so results are bitwise those of the unfused kernels.
class ElementwiseFusion : public GraphPass {
 public:
  explicit ElementwiseFusion(std::vector<std::string> keep = {},
                             const OpRegistry& registry = *OpRegistry::Global())
      : keep_(keep.begin(), keep.end()), registry_(registry) {}

  absl::string_view name() const override { return "elementwise_fusion"; }
  absl::StatusOr<bool> Run(Graph* graph) override;

 private:
  absl::flat_hash_set<std::string> keep_;
  const OpRegistry& registry_;
};

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASSES_ELEMENTWISE_FUSION_H_
