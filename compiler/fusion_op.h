// RillFusion: the node a fusion pass leaves in the graph. Its body is a FunctionDef in the graph's
// library (so fusion groups are visible in graph dumps); codegen emits one kernel per fusion node.
#ifndef RILL_COMPILER_FUSION_OP_H_
#define RILL_COMPILER_FUSION_OP_H_

namespace rill::compiler {

inline constexpr char kFusionOp[] = "RillFusion";
// Attrs: body (func: the FunctionDef's name), kind (string: "elementwise", ...), Tin, Tout
// (list(type)), output_shapes (list(shape): the shape function's answer, fixed at fusion time).
inline constexpr char kFusionBodyAttr[] = "body";
inline constexpr char kFusionKindAttr[] = "kind";
inline constexpr char kFusionOutputShapesAttr[] = "output_shapes";
// Kinds. "elementwise": the body is element-wise ops of one shape, its last node the root.
// "reduction": element-wise producers, then the root: a reduction (Sum, Prod, Max, Min, ArgMax,
// ArgMin, non-f32 BiasAddGrad) whose input 0 is the producers' result and whose other inputs
// (axes) are the fused node's inputs fed by Const nodes; codegen emits the reduction's loop kernel
// reading input 0 through the producers' element emitters instead of a buffer.
inline constexpr char kFusionKindElementwise[] = "elementwise";
inline constexpr char kFusionKindReduction[] = "reduction";

}  // namespace rill::compiler

#endif  // RILL_COMPILER_FUSION_OP_H_
