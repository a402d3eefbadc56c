// Fused-reduction emission: resolve the body (producers, root), then emit the root's loop kernel
// with a generator for input 0 that evaluates the producers at the requested index.
#include "compiler/codegen/fused_reduction_emitter.h"

#include <algorithm>
#include <cstdint>
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

// NumPy broadcast of `a` and `b` (both fully known).
absl::StatusOr<TensorShape> Broadcast(const TensorShape& a, const TensorShape& b) {
  const int rank = std::max(a.rank(), b.rank());
  std::vector<int64_t> dims(rank);
  for (int d = 0; d < rank; ++d) {
    const int da = d - (rank - a.rank());
    const int db = d - (rank - b.rank());
    const int64_t x = da >= 0 ? a.dim(da) : 1;
    const int64_t y = db >= 0 ? b.dim(db) : 1;
    if (x != y && x != 1 && y != 1) {
      return absl::InvalidArgumentError(absl::StrCat("shapes ", a.DebugString(), " and ",
                                                     b.DebugString(), " do not broadcast"));
    }
    dims[d] = x == 1 ? y : x;
  }
  return TensorShape::Create(dims);
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
      ASSIGN_OR_RETURN(reduced_shape, Broadcast(reduced_shape, spec.inputs[k].shape));
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

  llvm::LLVMContext& ctx = module.getContext();
  const int n_in = static_cast<int>(spec.inputs.size());
  auto inputs = [&](KernelSkeleton& kernel, IrEmitterContext::IndexedState& state) {
    std::vector<llvm::Value*> buffers;
    std::vector<llvm::Type*> mem_types;
    for (int k = 0; k < n_in; ++k) {
      ASSIGN_OR_RETURN(llvm::Type * t, MemoryType(ctx, spec.inputs[k].dtype));
      mem_types.push_back(t);
      buffers.push_back(kernel.LoadBuffer(k, absl::StrCat("in", k)));
    }
    FailureSlot* failures = &kernel.failures();
    // Input 0: the producers evaluated at the index.
    auto generate = [&spec, &producers, root, reduced_shape, producer_inputs, buffers, mem_types,
                     failures, where](const std::vector<llvm::Value*>& index,
                                      llvm::IRBuilder<>& b) -> absl::StatusOr<TypedValue> {
      absl::flat_hash_map<std::string, TypedValue> values;
      const int rank = reduced_shape.rank();
      for (int k : producer_inputs) {
        // Row-major offset into input k, broadcast (aligned right; size-1 dims do not move).
        const TensorShape& shape = spec.inputs[k].shape;
        llvm::Value* offset = b.getInt64(0);
        for (int d = 0; d < shape.rank(); ++d) {
          offset = b.CreateMul(offset, b.getInt64(shape.dim(d)), "", true, true);
          if (shape.dim(d) != 1) {
            offset = b.CreateAdd(offset, index[d + rank - shape.rank()], "", true, true);
          }
        }
        values[absl::StrCat("in_", k)] = {
            LoadElement(b, spec.inputs[k].dtype, mem_types[k], buffers[k], offset),
            spec.inputs[k].dtype};
      }
      for (const ResolvedNode& n : producers) {
        std::vector<TypedValue> args;
        for (const std::string& input : n.def->input()) {
          if (!input.empty() && input[0] == '^') continue;
          auto it = values.find(input);
          if (it == values.end()) {
            return absl::InvalidArgumentError(absl::StrCat(where, ": node '", n.def->name(),
                                                           "' reads unknown '", input, "'"));
          }
          args.push_back(it->second);
        }
        AttrSlice attrs(n.def->attr(), &n.op->def);
        ASSIGN_OR_RETURN(std::vector<TypedValue> outs,
                         EmitElementalOp(b, *n.op, n.def->name(), attrs, args, n.outputs,
                                         failures));
        for (size_t i = 0; i < outs.size(); ++i) {
          values[absl::StrCat(n.def->name(), ":",
                              n.op->def.output_arg(static_cast<int>(i)).name(), ":0")] = outs[i];
        }
      }
      return values.at(root->input(0));
    };
    llvm::IRBuilder<>* builder = &kernel.builder();
    state.input_shapes.push_back(reduced_shape);
    state.input_dtypes.push_back(reduced_dtype);
    state.constants.push_back(nullptr);
    state.input_buffers.push_back(nullptr);
    state.generators.push_back([generate, builder](const std::vector<llvm::Value*>& index) {
      return generate(index, *builder);
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
  return EmitLoopKernelWith(spec.symbol, *root, *root_op, n_in, spec.output, inputs,
                            spec.thread_pool, reduced_shape.num_elements(), module);
}

}  // namespace rill::codegen
