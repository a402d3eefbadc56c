// Element-wise kernel emission: collapse the output's dims into runs with one broadcast pattern,
// emit one loop per run (the innermost contiguous, so LLVM vectorises it), and evaluate the body's
// ops with their element emitters at each point.
#include "compiler/codegen/elementwise_kernel_emitter.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "compiler/codegen/elemental_ir_emitter.h"
#include "compiler/codegen/kernel_skeleton.h"
#include "compiler/codegen/llvm_types.h"
#include "graph/types.h"
#include "llvm/IR/IRBuilder.h"
#include "ops/arg_types.h"
#include "ops/attr_slice.h"

namespace rill::codegen {
namespace {

// The loop structure after collapsing: extents[d] and, per input, the element stride of loop d
// (0 where the input is broadcast along it).
struct LoopPlan {
  std::vector<int64_t> extents;
  std::vector<std::vector<int64_t>> input_strides;  // [input][loop]
  std::vector<int64_t> output_strides;
};

absl::StatusOr<LoopPlan> PlanLoops(const ElementwiseKernelSpec& spec) {
  const TensorShape& out = spec.output.shape;
  const int rank = out.rank();
  // Per output dim: each input's stride along it (0 when broadcast).
  std::vector<std::vector<int64_t>> strides(spec.inputs.size(), std::vector<int64_t>(rank, 0));
  for (size_t k = 0; k < spec.inputs.size(); ++k) {
    const TensorShape& in = spec.inputs[k].shape;
    if (in.rank() > rank) {
      return absl::InvalidArgumentError(absl::StrCat("input ", k, " ", in.DebugString(),
                                                     " has a higher rank than the output ",
                                                     out.DebugString()));
    }
    int64_t stride = 1;
    for (int d = in.rank() - 1; d >= 0; --d) {
      const int od = d + rank - in.rank();
      if (in.dim(d) == out.dim(od)) {
        strides[k][od] = out.dim(od) == 1 ? 0 : stride;
      } else if (in.dim(d) != 1) {
        return absl::InvalidArgumentError(absl::StrCat("input ", k, " ", in.DebugString(),
                                                       " does not broadcast to ",
                                                       out.DebugString()));
      }
      stride *= in.dim(d);
    }
  }
  // Merge dim d into the run on its right when every operand is contiguous across the seam.
  LoopPlan plan;
  std::vector<int64_t> out_strides(rank);
  int64_t s = 1;
  for (int d = rank - 1; d >= 0; --d) {
    out_strides[d] = s;
    s *= out.dim(d);
  }
  plan.input_strides.assign(spec.inputs.size(), {});
  for (int d = 0; d < rank; ++d) {
    if (out.dim(d) == 1) continue;  // a unit dim never moves any pointer
    bool merge = !plan.extents.empty();
    if (merge) {
      const int64_t inner = out.dim(d);
      for (size_t k = 0; k < spec.inputs.size() && merge; ++k) {
        const int64_t prev = plan.input_strides[k].back();
        merge = prev == strides[k][d] * inner && (strides[k][d] != 0 || prev == 0);
      }
      merge = merge && plan.output_strides.back() == out_strides[d] * inner;
    }
    if (merge) {
      plan.extents.back() *= out.dim(d);
      for (size_t k = 0; k < spec.inputs.size(); ++k) {
        plan.input_strides[k].back() = strides[k][d];
      }
      plan.output_strides.back() = out_strides[d];
    } else {
      plan.extents.push_back(out.dim(d));
      for (size_t k = 0; k < spec.inputs.size(); ++k) {
        plan.input_strides[k].push_back(strides[k][d]);
      }
      plan.output_strides.push_back(out_strides[d]);
    }
  }
  return plan;
}

// Emits the body's ops at one point.
class BodyEmitter {
 public:
  BodyEmitter(const ElementwiseKernelSpec& spec, const OpRegistry& registry)
      : spec_(spec), registry_(registry) {}

  // Resolves every body node's op and output dtype once.
  absl::Status Prepare() {
    for (const NodeDef& node : spec_.body.node_def()) {
      ASSIGN_OR_RETURN(const OpRegistration* op, registry_.LookUp(node.op()));
      AttrSlice attrs(node.attr(), &op->def);
      ASSIGN_OR_RETURN(ResolvedArgs outs, ResolveArgs(op->def.output_arg(), attrs));
      nodes_.push_back({&node, op, outs.dtypes});
    }
    return absl::OkStatus();
  }

  absl::StatusOr<TypedValue> Emit(llvm::IRBuilder<>& b, const std::vector<TypedValue>& inputs,
                                  FailureSlot* failures) {
    absl::flat_hash_map<std::string, TypedValue> values;  // "in_0", "node:arg:0" -> value
    for (size_t k = 0; k < inputs.size(); ++k) values[absl::StrCat("in_", k)] = inputs[k];
    for (const ResolvedNode& n : nodes_) {
      std::vector<TypedValue> args;
      for (const std::string& input : n.def->input()) {
        if (!input.empty() && input[0] == '^') continue;
        auto it = values.find(input);
        if (it == values.end()) {
          return absl::InvalidArgumentError(absl::StrCat("fusion body '", spec_.symbol, "': node '",
                                                         n.def->name(), "' reads unknown '",
                                                         input, "'"));
        }
        args.push_back(it->second);
      }
      AttrSlice attrs(n.def->attr(), &n.op->def);
      ASSIGN_OR_RETURN(std::vector<TypedValue> outs,
                       EmitElementalOp(b, *n.op, n.def->name(), attrs, args, n.outputs, failures));
      for (size_t i = 0; i < outs.size(); ++i) {
        const std::string arg = n.op->def.output_arg(static_cast<int>(i)).name();
        values[absl::StrCat(n.def->name(), ":", arg, ":0")] = outs[i];
      }
    }
    auto ret = spec_.body.ret().find("out_0");
    if (ret == spec_.body.ret().end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("fusion body '", spec_.symbol, "' has no ret out_0"));
    }
    auto it = values.find(ret->second);
    if (it == values.end()) {
      return absl::InvalidArgumentError(absl::StrCat("fusion body '", spec_.symbol,
                                                     "': out_0 names unknown '", ret->second, "'"));
    }
    if (it->second.dtype != spec_.output.dtype) {
      return absl::InvalidArgumentError(absl::StrCat(
          "fusion body '", spec_.symbol, "': out_0 is ", DataTypeString(it->second.dtype),
          ", the kernel's output is ", DataTypeString(spec_.output.dtype)));
    }
    return it->second;
  }

  // In-place: the single node's ref updates, stored through `store(input, value)`.
  absl::Status EmitUpdates(llvm::IRBuilder<>& b, const std::vector<TypedValue>& inputs,
                           FailureSlot* failures,
                           const std::function<void(int, llvm::Value*)>& store) {
    if (nodes_.size() != 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("in-place kernel '", spec_.symbol, "' needs a one-node body"));
    }
    const ResolvedNode& n = nodes_[0];
    AttrSlice attrs(n.def->attr(), &n.op->def);
    ASSIGN_OR_RETURN(auto updates,
                     EmitElementalUpdate(b, *n.op, n.def->name(), attrs, inputs, failures));
    for (const auto& [input, value] : updates) store(input, value.value);
    return absl::OkStatus();
  }

 private:
  struct ResolvedNode {
    const NodeDef* def;
    const OpRegistration* op;
    std::vector<DataType> outputs;
  };
  const ElementwiseKernelSpec& spec_;
  const OpRegistry& registry_;
  std::vector<ResolvedNode> nodes_;
};

}  // namespace

FunctionDef SingleNodeBody(const NodeDef& node, const std::vector<DataType>& input_dtypes,
                           DataType output_dtype, const std::string& output_arg) {
  FunctionDef body;
  body.mutable_signature()->set_name(node.name());
  NodeDef* def = body.add_node_def();
  *def = node;
  def->clear_input();
  for (size_t k = 0; k < input_dtypes.size(); ++k) {
    OpDef::ArgDef* arg = body.mutable_signature()->add_input_arg();
    arg->set_name(absl::StrCat("in_", k));
    arg->set_type(input_dtypes[k]);
    def->add_input(absl::StrCat("in_", k));
  }
  OpDef::ArgDef* out = body.mutable_signature()->add_output_arg();
  out->set_name("out_0");
  out->set_type(output_dtype);
  (*body.mutable_ret())["out_0"] = absl::StrCat(node.name(), ":", output_arg, ":0");
  return body;
}

absl::StatusOr<EmittedKernel> EmitElementwiseKernel(const ElementwiseKernelSpec& spec,
                                                    llvm::Module& module,
                                                    const OpRegistry& registry) {
  ASSIGN_OR_RETURN(LoopPlan plan, PlanLoops(spec));
  BodyEmitter body(spec, registry);
  RETURN_IF_ERROR(body.Prepare());

  llvm::LLVMContext& ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  const int64_t elements = spec.output.shape.num_elements();
  const bool parallel = spec.thread_pool != nullptr && elements >= kParallelMinWork &&
                        !plan.extents.empty() && plan.extents[0] >= 2;
  // The loop nest goes into the kernel itself, or into an internal range function over
  // [begin, end) of the outermost loop that the kernel hands to rill_rt_parallel_range.
  KernelSkeleton kernel(b, module, parallel ? absl::StrCat(spec.symbol, "_range") : spec.symbol,
                        parallel);
  FailureSlot& failures = kernel.failures();

  // Buffers and element types.
  const int n_in = static_cast<int>(spec.inputs.size());
  std::vector<llvm::Value*> buffers;
  std::vector<llvm::Type*> mem_types;
  const int n_buffers = spec.in_place ? n_in : n_in + 1;
  for (int k = 0; k < n_buffers; ++k) {
    const KernelOperand& operand = k < n_in ? spec.inputs[k] : spec.output;
    ASSIGN_OR_RETURN(llvm::Type * t, MemoryType(ctx, operand.dtype));
    mem_types.push_back(t);
    buffers.push_back(kernel.LoadBuffer(k, absl::StrCat(k < n_in ? "in" : "out", k)));
  }

  if (elements > 0) {
    // Nested loops over plan.extents; offsets[k] is operand k's element offset at this level.
    const int loops = static_cast<int>(plan.extents.size());
    std::vector<llvm::Value*> offsets(n_buffers, b.getInt64(0));
    std::function<absl::Status(int)> emit_level = [&](int level) -> absl::Status {
      if (level == loops) {
        std::vector<TypedValue> elems;
        for (int k = 0; k < n_in; ++k) {
          elems.push_back({LoadElement(b, spec.inputs[k].dtype, mem_types[k], buffers[k], offsets[k]),
                           spec.inputs[k].dtype});
        }
        if (spec.in_place) {
          return body.EmitUpdates(b, elems, &failures, [&](int k, llvm::Value* v) {
            StoreElement(b, spec.inputs[k].dtype, mem_types[k], buffers[k], offsets[k], v);
          });
        }
        ASSIGN_OR_RETURN(TypedValue result, body.Emit(b, elems, &failures));
        StoreElement(b, spec.output.dtype, mem_types[n_in], buffers[n_in], offsets[n_in],
                     result.value);
        return absl::OkStatus();
      }
      auto loop_body = [&](llvm::Value* i) -> absl::Status {
        std::vector<llvm::Value*> saved = offsets;
        for (int k = 0; k < n_buffers; ++k) {
          const int64_t stride =
              k < n_in ? plan.input_strides[k][level] : plan.output_strides[level];
          if (stride == 0) continue;
          offsets[k] = b.CreateAdd(saved[k], b.CreateMul(i, b.getInt64(stride), "", true, true),
                                   "", true, true);
        }
        RETURN_IF_ERROR(emit_level(level + 1));
        offsets = saved;
        return absl::OkStatus();
      };
      const std::string name = absl::StrCat("loop", level);
      if (parallel && level == 0) {
        return EmitRangeLoop(b, kernel.range_begin(), kernel.range_end(), name, loop_body);
      }
      return EmitCountedLoop(b, plan.extents[level], name, loop_body);
    };
    RETURN_IF_ERROR(emit_level(0));
  }
  kernel.Finish();
  if (parallel) {
    const int64_t inner = elements / plan.extents[0];
    const int64_t min_per_shard = std::max<int64_t>(1, (kParallelMinShardWork + inner - 1) / inner);
    EmitParallelRangeKernel(b, module, spec.symbol, kernel.function(), plan.extents[0],
                            min_per_shard, spec.thread_pool);
  }
  return EmittedKernel{spec.symbol, failures.messages()};
}

}  // namespace rill::codegen
