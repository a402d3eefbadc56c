// Picks the lowerable nodes, emits their kernels into one module, JITs it and wraps each entry
// point as a CompiledKernel (see lower_graph.h).
#include "compiler/codegen/lower_graph.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/codegen/call_abi.h"
#include "compiler/codegen/call_emitter.h"
#include "compiler/codegen/call_lowering.h"
#include "compiler/codegen/elementwise_kernel_emitter.h"
#include "compiler/codegen/fused_reduction_emitter.h"
#include "compiler/codegen/llvm_types.h"
#include "compiler/codegen/loop_kernel_emitter.h"
#include "compiler/fusion_op.h"
#include "graph/node_signature.h"
#include "graph/types.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace rill::codegen {
namespace {

// Nodes whose "kernel" is bookkeeping, judged by registry properties: sharing a buffer
// (forwards_input), a source whose value is fixed at build time or by the executor (Const,
// Placeholder, VariableV2: no inputs), or nothing to compute (NoOp: no outputs and no side
// effect; SaveV2 and PrintV2 have no outputs but are stateful host work).
bool NeedsNoKernel(const Node& node, const OpRegistry& registry) {
  const OpRegistration* op = registry.Find(node.op());
  if (op == nullptr) return false;
  return op->traits.forwards_input || op->def.input_arg_size() == 0 ||
         (op->def.output_arg_size() == 0 && !op->is_stateful());
}

const FunctionDef* FindFunction(const Graph& graph, const std::string& name) {
  for (const FunctionDef& f : graph.library().function()) {
    if (f.signature().name() == name) return &f;
  }
  return nullptr;
}

// A C symbol for a node name ("dense/Relu" -> "rill_k3_dense_Relu").
std::string KernelSymbol(const Node& node, int index) {
  std::string s = absl::StrCat("rill_k", index, "_");
  for (char ch : node.name()) s.push_back(absl::ascii_isalnum(ch) ? ch : '_');
  return s;
}

// MakeSpec's answer for a fused reduction (a loop kernel, not an element-wise one).
constexpr char kFusedReduction[] = "fused reduction";

// The Const value behind a data edge, or an invalid tensor.
Tensor ConstantInput(const Edge& e) {
  if (e.src->op() != "Const" || !e.src->def().attr().contains("value")) return Tensor();
  absl::StatusOr<Tensor> t = Tensor::FromProto(e.src->def().attr().at("value").tensor());
  return t.ok() ? *std::move(t) : Tensor();
}

// Builds the kernel spec for `node`, or returns why it cannot be lowered (an empty string
// means "lowerable").
absl::StatusOr<std::string> MakeSpec(const Graph& graph, const Node& node,
                                     const ShapeRefiner& shapes, const OpRegistry& registry,
                                     ElementwiseKernelSpec* spec) {
  ASSIGN_OR_RETURN(NodeSignature sig, ResolveNodeSignature(node, registry));
  if (sig.outputs.size() != 1) return std::string("not a single-output node");
  // Ops with a ref input and an element emitter update their ref inputs in place (Apply*,
  // AssignAdd).
  bool has_ref_input = false;
  for (DataType t : sig.inputs.dtypes) has_ref_input |= IsRefType(t);
  spec->in_place = has_ref_input && sig.op->element_emitter != nullptr;
  for (DataType t : sig.inputs.dtypes) {
    if (IsRefType(t) && !spec->in_place) return std::string("reads a variable reference");
  }
  const bool fusion = node.op() == compiler::kFusionOp;
  if (fusion) {
    const AttrValue* body = node.def().attr().contains(compiler::kFusionBodyAttr)
                                ? &node.def().attr().at(compiler::kFusionBodyAttr)
                                : nullptr;
    const FunctionDef* f = body == nullptr ? nullptr : FindFunction(graph, body->func().name());
    if (f == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(NodeContext(node), ": fusion body function is missing from the library"));
    }
    spec->body = *f;
  } else {
    if (!sig.op->is_elementwise() && !spec->in_place) return std::string("not element-wise");
    if (!sig.op->element_emitter) return std::string("no element emitter");
    if (sig.op->is_stateful() && !spec->in_place) return std::string("stateful");
    std::vector<DataType> values;  // what the emitter sees: values, not references
    for (DataType t : sig.inputs.dtypes) values.push_back(BaseType(t));
    spec->body = SingleNodeBody(node.def(), values, BaseType(sig.outputs.dtypes[0]),
                                sig.op->def.output_arg(0).name());
  }
  for (const Edge* e : node.data_inputs()) {
    ASSIGN_OR_RETURN(auto in, shapes.output(*e->src, e->src_output));
    if (!in.second.IsFullyDefined()) return std::string("an input shape is not fully known");
    ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromPartial(in.second));
    spec->inputs.push_back({BaseType(sig.inputs.dtypes[e->dst_input]), std::move(shape)});
  }
  if (spec->in_place) {
    // The loop runs over the updated variable (input 0); the op's ref output is no buffer.
    if (spec->inputs.empty()) return std::string("in-place op without inputs");
    if (sig.op->traits.overwrites_ref) {
      auto validate = node.def().attr().find("validate_shape");
      if (validate != node.def().attr().end() && !validate->second.b()) {
        return std::string("validate_shape=false (the variable may change shape)");
      }
      if (spec->inputs.size() < 2 || spec->inputs[1].shape != spec->inputs[0].shape) {
        return std::string("value and variable shapes differ");
      }
      spec->initializes_ref = true;
    }
    spec->output = spec->inputs[0];
    return std::string();
  }
  ASSIGN_OR_RETURN(auto out, shapes.output(node, 0));
  if (!out.second.IsFullyDefined()) return std::string("the output shape is not fully known");
  ASSIGN_OR_RETURN(spec->output.shape, TensorShape::FromPartial(out.second));
  spec->output.dtype = sig.outputs.dtypes[0];
  auto kind = node.def().attr().find(compiler::kFusionKindAttr);
  if (fusion && kind != node.def().attr().end() &&
      kind->second.s() == compiler::kFusionKindReduction) {
    return std::string(kFusedReduction);  // a loop kernel: see the caller
  }
  return std::string();
}


// The loop-kernel spec of a non-element-wise node with a loop emitter, or why there is none.
absl::StatusOr<std::string> MakeLoopSpec(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, LoopKernelSpec* spec) {
  ASSIGN_OR_RETURN(NodeSignature sig, ResolveNodeSignature(node, registry));
  if (!sig.op->loop_emitter) return std::string("no loop emitter");
  if (sig.op->is_stateful()) return std::string("stateful");
  if (sig.outputs.size() != 1) return std::string("not a single-output node");
  spec->node = node.def();
  spec->op = sig.op;
  for (const Edge* e : node.data_inputs()) {
    if (IsRefType(sig.inputs.dtypes[e->dst_input])) return std::string("reads a variable reference");
    ASSIGN_OR_RETURN(auto in, shapes.output(*e->src, e->src_output));
    if (!in.second.IsFullyDefined()) return std::string("an input shape is not fully known");
    ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromPartial(in.second));
    spec->inputs.push_back({sig.inputs.dtypes[e->dst_input], std::move(shape)});
    spec->constants.push_back(ConstantInput(*e));
  }
  ASSIGN_OR_RETURN(auto out, shapes.output(node, 0));
  if (!out.second.IsFullyDefined()) return std::string("the output shape is not fully known");
  ASSIGN_OR_RETURN(spec->output.shape, TensorShape::FromPartial(out.second));
  spec->output.dtype = sig.outputs.dtypes[0];
  return std::string();
}

}  // namespace

absl::StatusOr<LoweredGraph> LowerElementwiseNodes(const Graph& graph, const ShapeRefiner& shapes,
                                                   const LoweringOptions& options,
                                                   const OpRegistry& registry) {
  LoweredGraph lowered;
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("rill_kernels", *ctx);
  struct Pending {
    std::string node;
    EmittedKernel kernel;
    std::vector<TensorShape> input_shapes;
    TensorShape output_shape;
    bool in_place;
    bool initializes_ref;
    KernelExtras extras;
  };
  std::vector<Pending> pending;
  int index = 0;
  for (const Node* node : graph.nodes()) {
    if (NeedsNoKernel(*node, registry)) continue;
    ElementwiseKernelSpec spec;
    spec.symbol = KernelSymbol(*node, index);
    CallSpec call;
    ASSIGN_OR_RETURN(bool is_call, MakeCallSpec(*node, shapes, registry, &call));
    std::string why;
    KernelExtras extras;
    if (!is_call) {
      ASSIGN_OR_RETURN(why, MakeSpec(graph, *node, shapes, registry, &spec));
    }
    absl::StatusOr<EmittedKernel> kernel;
    if (is_call) {
      call.symbol = spec.symbol;
      call.thread_pool = options.thread_pool;
      spec.inputs = call.inputs;
      spec.output = call.outputs[0];
      extras = CallKernelExtras(call);
      kernel = EmitCallKernel(call, *module);
    } else if (why == "not element-wise") {
      LoopKernelSpec loop;
      loop.symbol = spec.symbol;
      loop.thread_pool = options.thread_pool;  // large kernels split their output dims over it
      ASSIGN_OR_RETURN(why, MakeLoopSpec(*node, shapes, registry, &loop));
      if (why.empty()) {
        spec.inputs = loop.inputs;
        spec.output = loop.output;
        kernel = EmitLoopKernel(loop, *module);
      }
    } else if (why == kFusedReduction) {
      // The element-wise spec already holds the body and operands; add the Const axes.
      FusedReductionSpec reduction{spec.symbol, spec.body, spec.inputs, {}, spec.output,
                                   options.thread_pool};
      for (const Edge* e : node->data_inputs()) reduction.constants.push_back(ConstantInput(*e));
      why.clear();
      kernel = EmitFusedReductionKernel(reduction, *module, registry);
    } else if (why.empty()) {
      spec.thread_pool = options.thread_pool;  // large kernels split their outer loop over it
      kernel = EmitElementwiseKernel(spec, *module, registry);
    }
    if (!why.empty()) {
      lowered.not_lowered.emplace_back(node->name(), std::move(why));
      continue;
    }
    if (absl::IsUnimplemented(kernel.status())) {
      // E.g. a dtype codegen does not handle: the node keeps its reference kernel.
      if (llvm::Function* f = module->getFunction(spec.symbol)) f->eraseFromParent();
      lowered.not_lowered.emplace_back(node->name(), std::string(kernel.status().message()));
      continue;
    }
    RETURN_IF_ERROR(kernel.status());
    ++index;
    std::vector<TensorShape> input_shapes;
    for (const KernelOperand& in : spec.inputs) input_shapes.push_back(in.shape);
    pending.push_back({node->name(), *std::move(kernel), std::move(input_shapes),
                       spec.output.shape, spec.in_place, spec.initializes_ref, std::move(extras)});
  }
  if (pending.empty()) return lowered;

  ASSIGN_OR_RETURN(lowered.jit, jit::Jit::Create(options.jit));
  RETURN_IF_ERROR(lowered.jit->DefineSymbols(CallSymbols()));
  module->setTargetTriple(lowered.jit->target_triple());
  module->setDataLayout(lowered.jit->data_layout());
  RETURN_IF_ERROR(lowered.jit->AddModule(std::move(ctx), std::move(module)));
  for (Pending& p : pending) {
    ASSIGN_OR_RETURN(void* addr, lowered.jit->Lookup(p.kernel.symbol));
    lowered.kernels.emplace(
        p.node, CompiledKernel(reinterpret_cast<KernelEntry>(addr), std::move(p.kernel.failure_messages),
                               std::move(p.input_shapes), std::move(p.output_shape), p.in_place,
                               p.initializes_ref, std::move(p.extras)));
  }
  return lowered;
}

}  // namespace rill::codegen
