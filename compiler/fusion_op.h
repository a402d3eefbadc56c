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

}  // namespace rill::compiler

#endif  // RILL_COMPILER_FUSION_OP_H_
