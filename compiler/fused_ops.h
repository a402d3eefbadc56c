// RillFusedMatMul and RillFusedConv2D: a MatMul or Conv2D with a bias add (and optionally a Relu)
// fused onto its output, as TensorFlow's _FusedMatMul / _FusedConv2D. The epilogue fusion pass
// creates them; codegen lowers each to one runtime call with the epilogue.
#ifndef RILL_COMPILER_FUSED_OPS_H_
#define RILL_COMPILER_FUSED_OPS_H_

namespace rill::compiler {

// Inputs: a, b, args (num_args x T: the bias); attrs T (float), transpose_a, transpose_b,
// num_args, fused_ops.
inline constexpr char kFusedMatMulOp[] = "RillFusedMatMul";
// Inputs: input, filter, args (the bias); attrs T (float), Conv2D's window attrs, num_args,
// fused_ops.
inline constexpr char kFusedConv2DOp[] = "RillFusedConv2D";
// list(string): ["BiasAdd"] or ["BiasAdd", "Relu"], applied in that order.
inline constexpr char kFusedOpsAttr[] = "fused_ops";

}  // namespace rill::compiler

#endif  // RILL_COMPILER_FUSED_OPS_H_
