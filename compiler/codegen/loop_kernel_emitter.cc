// Loop-kernel emission: one loop per output dim (innermost last, so contiguous stores vectorise),
// the op's loop emitter inside.
#include "compiler/codegen/loop_kernel_emitter.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/llvm_types.h"
#include "llvm/IR/IRBuilder.h"
#include "ops/attr_slice.h"

namespace rill::codegen {

absl::StatusOr<EmittedKernel> EmitLoopKernelWith(const std::string& symbol, const NodeDef& node,
                                                 const OpRegistration& op, int output_arg,
                                                 const KernelOperand& output,
                                                 const LoopInputsFn& inputs,
                                                 llvm::Module& module) {
  if (!op.loop_emitter) {
    return absl::UnimplementedError(
        absl::StrCat("node '", node.name(), "' (", node.op(), "): op has no loop emitter"));
  }
  llvm::LLVMContext& ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  KernelSkeleton kernel(b, module, symbol);
  FailureSlot& failures = kernel.failures();

  IrEmitterContext::IndexedState state;
  RETURN_IF_ERROR(inputs(kernel, state));
  ASSIGN_OR_RETURN(llvm::Type * out_type, MemoryType(ctx, output.dtype));
  llvm::Value* out = kernel.LoadBuffer(output_arg, "out");
  state.output_shape = output.shape;

  const TensorShape& shape = output.shape;
  AttrSlice attrs(node.attr(), &op.def);
  if (shape.num_elements() > 0) {
    llvm::Value* offset = b.getInt64(0);
    std::function<absl::Status(int)> level = [&](int d) -> absl::Status {
      if (d == shape.rank()) {
        IrEmitterContext c(b, op, node.name(), attrs, {}, {output.dtype}, &failures);
        c.set_indexed(&state);
        absl::Status status = op.loop_emitter(c);
        if (!status.ok()) {
          return absl::Status(status.code(), absl::StrCat("node '", node.name(), "' (", node.op(),
                                                          "): loop emitter: ", status.message()));
        }
        ASSIGN_OR_RETURN(std::vector<TypedValue> result, c.Finish());
        StoreElement(b, output.dtype, out_type, out, offset, result[0].value);
        return absl::OkStatus();
      }
      return EmitCountedLoop(b, shape.dim(d), absl::StrCat("dim", d),
                             [&](llvm::Value* i) -> absl::Status {
                               state.output_index.push_back(i);
                               llvm::Value* saved = offset;
                               offset = b.CreateAdd(
                                   b.CreateMul(saved, b.getInt64(shape.dim(d)), "", true, true),
                                   i, "", true, true);
                               RETURN_IF_ERROR(level(d + 1));
                               offset = saved;
                               state.output_index.pop_back();
                               return absl::OkStatus();
                             });
    };
    RETURN_IF_ERROR(level(0));
  }
  kernel.Finish();
  return EmittedKernel{symbol, failures.messages()};
}

absl::StatusOr<EmittedKernel> EmitLoopKernel(const LoopKernelSpec& spec, llvm::Module& module) {
  if (spec.op == nullptr || !spec.op->loop_emitter) {
    return absl::UnimplementedError(absl::StrCat("node '", spec.node.name(), "' (",
                                                 spec.node.op(), "): op has no loop emitter"));
  }
  llvm::LLVMContext& ctx = module.getContext();
  const int n_in = static_cast<int>(spec.inputs.size());
  auto inputs = [&](KernelSkeleton& kernel, IrEmitterContext::IndexedState& state) {
    for (int k = 0; k < n_in; ++k) {
      RETURN_IF_ERROR(MemoryType(ctx, spec.inputs[k].dtype).status());
      state.input_shapes.push_back(spec.inputs[k].shape);
      state.input_dtypes.push_back(spec.inputs[k].dtype);
      state.constants.push_back(k < static_cast<int>(spec.constants.size()) &&
                                        spec.constants[k].valid()
                                    ? &spec.constants[k]
                                    : nullptr);
      state.input_buffers.push_back(kernel.LoadBuffer(k, absl::StrCat("in", k)));
    }
    return absl::OkStatus();
  };
  return EmitLoopKernelWith(spec.symbol, spec.node, *spec.op, n_in, spec.output, inputs, module);
}

}  // namespace rill::codegen
