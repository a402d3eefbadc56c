// Loop-kernel emission: one loop per output dim (innermost last, so contiguous stores vectorise),
// the op's loop emitter inside.
#include "compiler/codegen/loop_kernel_emitter.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/llvm_types.h"
#include "llvm/IR/IRBuilder.h"
#include "ops/attr_slice.h"

namespace rill::codegen {
namespace {

// The loop nest over `output` in `kernel`'s function (over [begin, end) of dim `split` when
// `parallel`), the op's loop emitter inside.
absl::Status EmitLoopNest(llvm::IRBuilder<>& b, KernelSkeleton& kernel, const NodeDef& node,
                          const OpRegistration& op, int output_arg,
                          const KernelOperand& output, const LoopInputsFn& inputs,
                          const TensorShape& shape, bool parallel, int split) {
  llvm::LLVMContext& ctx = b.getContext();
  FailureSlot& failures = kernel.failures();

  IrEmitterContext::IndexedState state;
  RETURN_IF_ERROR(inputs(kernel, state));
  ASSIGN_OR_RETURN(llvm::Type * out_type, MemoryType(ctx, output.dtype));
  llvm::Value* out = kernel.LoadBuffer(output_arg, "out");
  state.output_shape = output.shape;

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
      auto body = [&](llvm::Value* i) -> absl::Status {
        state.output_index.push_back(i);
        llvm::Value* saved = offset;
        offset = b.CreateAdd(b.CreateMul(saved, b.getInt64(shape.dim(d)), "", true, true), i, "",
                             true, true);
        RETURN_IF_ERROR(level(d + 1));
        offset = saved;
        state.output_index.pop_back();
        return absl::OkStatus();
      };
      const std::string name = absl::StrCat("dim", d);
      if (parallel && d == split) {
        return EmitRangeLoop(b, kernel.range_begin(), kernel.range_end(), name, body);
      }
      return EmitCountedLoop(b, shape.dim(d), name, body);
    };
    RETURN_IF_ERROR(level(0));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EmittedKernel> EmitLoopKernelWith(const std::string& symbol, const NodeDef& node,
                                                 const OpRegistration& op, int output_arg,
                                                 const KernelOperand& output,
                                                 const LoopInputsFn& inputs, void* thread_pool,
                                                 int64_t work, llvm::Module& module) {
  if (!op.loop_emitter) {
    return absl::UnimplementedError(
        absl::StrCat("node '", node.name(), "' (", node.op(), "): op has no loop emitter"));
  }
  const TensorShape& shape = output.shape;
  // The split dim: the first one longer than 1 (the ones before it are single iterations).
  int split = -1;
  for (int d = 0; d < shape.rank() && split < 0; ++d) {
    if (shape.dim(d) > 1) split = d;
  }
  const int64_t elements = shape.num_elements();
  work = std::max(work, elements);
  const bool parallel = thread_pool != nullptr && split >= 0 && work >= kParallelMinWork;

  llvm::LLVMContext& ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  // The loop nest goes into the kernel, or into a range function over [begin, end) of the split
  // dim that the kernel hands to rill_rt_parallel_range.
  KernelSkeleton kernel(b, module, parallel ? absl::StrCat(symbol, "_range") : symbol, parallel);
  absl::Status status = EmitLoopNest(b, kernel, node, op, output_arg, output, inputs, shape,
                                     parallel, split);
  if (!status.ok()) {
    // The caller drops `symbol` on Unimplemented; the half-built range function goes here.
    if (parallel) kernel.function()->eraseFromParent();
    return status;
  }
  kernel.Finish();
  if (parallel) {
    const int64_t per_index = std::max<int64_t>(1, work / shape.dim(split));
    const int64_t min_per_shard =
        std::max<int64_t>(1, (kParallelMinShardWork + per_index - 1) / per_index);
    EmitParallelRangeKernel(b, module, symbol, kernel.function(), shape.dim(split), min_per_shard,
                            thread_pool);
  }
  return EmittedKernel{symbol, kernel.failures().messages()};
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
  // Work: the elements of the largest input (what a reduction reads; at most a few times what
  // slicing and gathering ops read) or the output's, whichever is larger.
  int64_t work = 0;
  for (const KernelOperand& in : spec.inputs) work = std::max(work, in.shape.num_elements());
  return EmitLoopKernelWith(spec.symbol, spec.node, *spec.op, n_in, spec.output, inputs,
                            spec.thread_pool, work, module);
}

}  // namespace rill::codegen
