// Fused-reduction emission: resolve the body (producers, root), then emit the root's loop kernel
// with a generator for input 0 that evaluates the producers at the requested index.
#include "compiler/codegen/fused_reduction_emitter.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "compiler/codegen/elemental_ir_emitter.h"
#include "compiler/codegen/llvm_types.h"
#include "compiler/codegen/loop_kernel_emitter.h"
#include "graph/types.h"
#include "ops/arg_types.h"
#include "ops/attr_slice.h"
#include "ops/broadcast.h"
#include "runtime/column_sums.h"

namespace rill::codegen {
namespace {

struct ResolvedNode {
  const NodeDef* def;
  const OpRegistration* op;
  std::vector<DataType> outputs;
};

// The k of an external input name "in_<k>", or -1.
int ExternalInput(const std::string& name) {
  int k = -1;
  if (!absl::StartsWith(name, "in_") || !absl::SimpleAtoi(name.substr(3), &k)) return -1;
  return k;
}

// The input buffers of `kernel` (args 0..n-1) and their element types in memory.
absl::Status LoadInputs(const FusedReductionSpec& spec, KernelSkeleton& kernel,
                        llvm::LLVMContext& ctx, std::vector<llvm::Value*>* buffers,
                        std::vector<llvm::Type*>* mem_types) {
  for (int k = 0; k < static_cast<int>(spec.inputs.size()); ++k) {
    ASSIGN_OR_RETURN(llvm::Type * t, MemoryType(ctx, spec.inputs[k].dtype));
    mem_types->push_back(t);
    buffers->push_back(kernel.LoadBuffer(k, absl::StrCat("in", k)));
  }
  return absl::OkStatus();
}

// Emits the producers' value at an index of input 0's shape: each external input broadcast
// (aligned right; size-1 dims do not move) and loaded, then the element emitters in body order.
class Generator {
 public:
  Generator(const FusedReductionSpec& spec, const std::vector<ResolvedNode>& producers,
            std::string result, TensorShape shape, std::vector<int> inputs,
            std::vector<llvm::Value*> buffers, std::vector<llvm::Type*> mem_types,
            FailureSlot* failures, std::string where)
      : spec_(spec),
        producers_(producers),
        result_(std::move(result)),
        shape_(std::move(shape)),
        inputs_(std::move(inputs)),
        buffers_(std::move(buffers)),
        mem_types_(std::move(mem_types)),
        failures_(failures),
        where_(std::move(where)) {}

  absl::StatusOr<TypedValue> Emit(const std::vector<llvm::Value*>& index,
                                  llvm::IRBuilder<>& b) const {
    absl::flat_hash_map<std::string, TypedValue> values;
    const int rank = shape_.rank();
    for (int k : inputs_) {
      const TensorShape& shape = spec_.inputs[k].shape;
      llvm::Value* offset = b.getInt64(0);
      for (int d = 0; d < shape.rank(); ++d) {
        offset = b.CreateMul(offset, b.getInt64(shape.dim(d)), "", true, true);
        if (shape.dim(d) != 1) {
          offset = b.CreateAdd(offset, index[d + rank - shape.rank()], "", true, true);
        }
      }
      values[absl::StrCat("in_", k)] = {
          LoadElement(b, spec_.inputs[k].dtype, mem_types_[k], buffers_[k], offset),
          spec_.inputs[k].dtype};
    }
    for (const ResolvedNode& n : producers_) {
      std::vector<TypedValue> args;
      for (const std::string& input : n.def->input()) {
        if (!input.empty() && input[0] == '^') continue;
        auto it = values.find(input);
        if (it == values.end()) {
          return absl::InvalidArgumentError(absl::StrCat(where_, ": node '", n.def->name(),
                                                         "' reads unknown '", input, "'"));
        }
        args.push_back(it->second);
      }
      AttrSlice attrs(n.def->attr(), &n.op->def);
      ASSIGN_OR_RETURN(std::vector<TypedValue> outs,
                       EmitElementalOp(b, *n.op, n.def->name(), attrs, args, n.outputs,
                                       failures_));
      for (size_t i = 0; i < outs.size(); ++i) {
        values[absl::StrCat(n.def->name(), ":", n.op->def.output_arg(static_cast<int>(i)).name(),
                            ":0")] = outs[i];
      }
    }
    return values.at(result_);
  }

 private:
  const FusedReductionSpec& spec_;
  const std::vector<ResolvedNode>& producers_;
  std::string result_;
  TensorShape shape_;
  std::vector<int> inputs_;
  std::vector<llvm::Value*> buffers_;
  std::vector<llvm::Type*> mem_types_;
  FailureSlot* failures_;
  std::string where_;
};

// f32 BiasAddGrad (NHWC) fused with its producers, in ColumnSums' order (so bitwise the unfused
// runtime call): per chunk, rows outermost and the channels innermost (contiguous, vectorised),
// the partial row of chunks after the first in a stack buffer of at most kMaxFusedColumns floats.
absl::StatusOr<EmittedKernel> EmitFusedColumnSums(const FusedReductionSpec& spec,
                                                  const std::vector<ResolvedNode>& producers,
                                                  const std::string& result,
                                                  const TensorShape& shape,
                                                  const std::vector<int>& producer_inputs,
                                                  const std::string& where, llvm::Module& module) {
  const int rank = shape.rank();
  if (rank < 2 || spec.output.shape != TensorShape({shape.dim(rank - 1)})) {
    return absl::UnimplementedError(absl::StrCat(where, ": not a column sum"));
  }
  const int64_t n = shape.dim(rank - 1);
  const int64_t m = n == 0 ? 0 : shape.num_elements() / n;
  if (n > kMaxFusedColumns) {
    return absl::UnimplementedError(absl::StrCat(where, ": more than ", kMaxFusedColumns,
                                                 " channels"));
  }
  llvm::LLVMContext& ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  KernelSkeleton kernel(b, module, spec.symbol);
  const int n_in = static_cast<int>(spec.inputs.size());
  std::vector<llvm::Value*> buffers;
  std::vector<llvm::Type*> mem_types;
  RETURN_IF_ERROR(LoadInputs(spec, kernel, ctx, &buffers, &mem_types));
  llvm::Value* out = kernel.LoadBuffer(n_in, "out");
  Generator generate(spec, producers, result, shape, producer_inputs, buffers, mem_types,
                     &kernel.failures(), where);
  llvm::Type* f32 = b.getFloatTy();
  auto at = [&](llvm::Value* row, llvm::Value* j) { return b.CreateInBoundsGEP(f32, row, j); };
  if (n > 0) {
    // runtime::ColumnSumsChunks: the same chunks as the unfused runtime call, so the same bits.
    const int64_t chunks = runtime::ColumnSumsChunks(m);
    llvm::Value* part =
        chunks > 1 ? b.CreateAlloca(f32, b.getInt64(n), "partial_row") : nullptr;
    for (int64_t c = 0; c < chunks; ++c) {
      const int64_t r0 = c * m / chunks;
      const int64_t r1 = (c + 1) * m / chunks;
      llvm::Value* dst = c == 0 ? out : part;
      RETURN_IF_ERROR(EmitCountedLoop(b, n, "zero", [&](llvm::Value* j) {
        b.CreateStore(llvm::ConstantFP::get(f32, 0.0), at(dst, j));
        return absl::OkStatus();
      }));
      if (r1 > r0) {
        RETURN_IF_ERROR(EmitCountedLoop(b, r1 - r0, "row", [&](llvm::Value* i) -> absl::Status {
          // The row's coordinates in the leading dims.
          std::vector<llvm::Value*> index(rank);
          llvm::Value* r = b.CreateAdd(i, b.getInt64(r0), "", true, true);
          for (int d = rank - 2; d >= 0; --d) {
            index[d] = b.CreateURem(r, b.getInt64(shape.dim(d)));
            r = b.CreateUDiv(r, b.getInt64(shape.dim(d)));
          }
          return EmitCountedLoop(b, n, "col", [&](llvm::Value* j) -> absl::Status {
            index[rank - 1] = j;
            ASSIGN_OR_RETURN(TypedValue x, generate.Emit(index, b));
            llvm::Value* acc = b.CreateLoad(f32, at(dst, j));
            b.CreateStore(b.CreateFAdd(acc, x.value), at(dst, j));
            return absl::OkStatus();
          });
        }));
      }
      if (c > 0) {
        RETURN_IF_ERROR(EmitCountedLoop(b, n, "add_partial", [&](llvm::Value* j) {
          llvm::Value* sum =
              b.CreateFAdd(b.CreateLoad(f32, at(out, j)), b.CreateLoad(f32, at(part, j)));
          b.CreateStore(sum, at(out, j));
          return absl::OkStatus();
        }));
      }
    }
  }
  kernel.Finish();
  return EmittedKernel{spec.symbol, kernel.failures().messages()};
}

}  // namespace

absl::StatusOr<EmittedKernel> EmitFusedReductionKernel(const FusedReductionSpec& spec,
                                                       llvm::Module& module,
                                                       const OpRegistry& registry) {
  const std::string where = absl::StrCat("fused reduction '", spec.symbol, "'");
  auto ret = spec.body.ret().find("out_0");
  if (ret == spec.body.ret().end()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": body has no ret out_0"));
  }
  const std::string root_name = std::vector<std::string>(absl::StrSplit(ret->second, ':'))[0];
  const NodeDef* root = nullptr;
  std::vector<ResolvedNode> producers;
  for (const NodeDef& node : spec.body.node_def()) {
    if (node.name() == root_name) {
      root = &node;
      continue;
    }
    ASSIGN_OR_RETURN(const OpRegistration* op, registry.LookUp(node.op()));
    AttrSlice attrs(node.attr(), &op->def);
    ASSIGN_OR_RETURN(ResolvedArgs outs, ResolveArgs(op->def.output_arg(), attrs));
    producers.push_back({&node, op, outs.dtypes});
  }
  if (root == nullptr || root->input_size() < 1 || ExternalInput(root->input(0)) >= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": the root must read a producer's output as input 0"));
  }
  ASSIGN_OR_RETURN(const OpRegistration* root_op, registry.LookUp(root->op()));
  // Input 0's shape: every external input the producers read broadcasts into it.
  std::vector<int> producer_inputs;  // external inputs the producers read, each once
  TensorShape reduced_shape;
  for (const ResolvedNode& n : producers) {
    for (const std::string& input : n.def->input()) {
      const int k = ExternalInput(input);
      if (k < 0) continue;
      if (k >= static_cast<int>(spec.inputs.size())) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": no input ", input));
      }
      if (absl::c_linear_search(producer_inputs, k)) continue;
      producer_inputs.push_back(k);
      ASSIGN_OR_RETURN(reduced_shape,
                       BroadcastTensorShapes({reduced_shape, spec.inputs[k].shape}));
    }
  }
  // The root's other inputs are the fused node's inputs.
  std::vector<int> root_inputs;
  for (int j = 1; j < root->input_size(); ++j) {
    if (!root->input(j).empty() && root->input(j)[0] == '^') continue;
    const int k = ExternalInput(root->input(j));
    if (k < 0 || k >= static_cast<int>(spec.inputs.size())) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": root input ", j, " must be a fused node input"));
    }
    root_inputs.push_back(k);
  }
  DataType reduced_dtype = DT_INVALID;
  for (const ResolvedNode& n : producers) {
    for (size_t i = 0; i < n.outputs.size(); ++i) {
      if (absl::StrCat(n.def->name(), ":", n.op->def.output_arg(static_cast<int>(i)).name(),
                       ":0") == root->input(0)) {
        reduced_dtype = n.outputs[i];
      }
    }
  }
  if (reduced_dtype == DT_INVALID) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": root input 0 '", root->input(0), "' names no producer"));
  }

  if (root->op() == "BiasAddGrad" && spec.output.dtype == DT_FLOAT) {
    return EmitFusedColumnSums(spec, producers, root->input(0), reduced_shape, producer_inputs,
                               where, module);
  }
  llvm::LLVMContext& ctx = module.getContext();
  const int n_in = static_cast<int>(spec.inputs.size());
  // A producer's emission error, kept with its code (the emitter context keeps only the text):
  // Unimplemented lets the node fall back to its body on the reference kernels.
  auto generator_error = std::make_shared<absl::Status>();
  auto inputs = [&](KernelSkeleton& kernel, IrEmitterContext::IndexedState& state) {
    std::vector<llvm::Value*> buffers;
    std::vector<llvm::Type*> mem_types;
    RETURN_IF_ERROR(LoadInputs(spec, kernel, ctx, &buffers, &mem_types));
    Generator generate(spec, producers, root->input(0), reduced_shape, producer_inputs, buffers,
                       mem_types, &kernel.failures(), where);
    llvm::IRBuilder<>* builder = &kernel.builder();
    state.input_shapes.push_back(reduced_shape);
    state.input_dtypes.push_back(reduced_dtype);
    state.constants.push_back(nullptr);
    state.input_buffers.push_back(nullptr);
    state.generators.push_back(
        [generate, builder, generator_error](const std::vector<llvm::Value*>& index) {
          absl::StatusOr<TypedValue> element = generate.Emit(index, *builder);
          if (!element.ok() && generator_error->ok()) *generator_error = element.status();
          return element;
        });
    for (int k : root_inputs) {
      state.input_shapes.push_back(spec.inputs[k].shape);
      state.input_dtypes.push_back(spec.inputs[k].dtype);
      state.constants.push_back(
          k < static_cast<int>(spec.constants.size()) && spec.constants[k].valid()
              ? &spec.constants[k]
              : nullptr);
      state.input_buffers.push_back(buffers[k]);
      state.generators.emplace_back();
    }
    return absl::OkStatus();
  };
  // Work: the elements of input 0 the reduction reads (each one computed by the producers).
  absl::StatusOr<EmittedKernel> kernel =
      EmitLoopKernelWith(spec.symbol, *root, *root_op, n_in, spec.output, inputs,
                         spec.thread_pool, reduced_shape.num_elements(), module);
  if (!kernel.ok() && !generator_error->ok()) return *generator_error;
  return kernel;
}

}  // namespace rill::codegen
