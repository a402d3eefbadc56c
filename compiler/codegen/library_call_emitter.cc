// Which nodes become library calls, and the few instructions of the kernel that makes the call
// (see library_call_emitter.h).
#include "compiler/codegen/library_call_emitter.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/status_macros.h"
#include "compiler/codegen/kernel_skeleton.h"
#include "compiler/codegen/library_calls.h"
#include "graph/node_signature.h"
#include "graph/types.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "ops/random/random_stream.h"

namespace rill::codegen {
namespace {

bool IsRandom(LibraryCallKind kind) {
  return kind == LibraryCallKind::kRandomFloat || kind == LibraryCallKind::kRandomInt;
}

// The kinds whose entry point may fail with details (a bad bound, a bad label).
bool HasFailureDetails(LibraryCallKind kind) {
  return kind == LibraryCallKind::kRandomInt || kind == LibraryCallKind::kSparseXent;
}

bool IsFloatRandom(const std::string& op) {
  return op == "RandomUniform" || op == "RandomStandardNormal" || op == "TruncatedNormal";
}

// NodeContext(node) for a message that goes through absl::Substitute ("$" escaped).
std::string SubstituteSafeContext(const Node& node) {
  return absl::StrReplaceAll(NodeContext(node), {{"$", "$$"}});
}

// The known shape of `node`'s output `port`, or nullopt.
absl::StatusOr<std::optional<KernelOperand>> KnownOutput(const Node& node, int port,
                                                         const ShapeRefiner& shapes) {
  ASSIGN_OR_RETURN(auto out, shapes.output(node, port));
  if (!out.second.IsFullyDefined()) return std::optional<KernelOperand>();
  ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromPartial(out.second));
  return std::optional<KernelOperand>(KernelOperand{BaseType(out.first), std::move(shape)});
}

}  // namespace

bool HasLibraryCallLowering(const std::string& op) {
  return IsFloatRandom(op) || op == "RandomUniformInt" ||
         op == "SparseSoftmaxCrossEntropyWithLogits" || op == "SoftmaxCrossEntropyWithLogits" ||
         op == "Softmax" || op == "LogSoftmax";
}

absl::StatusOr<bool> MakeLibraryCallSpec(const Node& node, const ShapeRefiner& shapes,
                                         const OpRegistry& registry, LibraryCallSpec* spec) {
  const std::string& op = node.op();
  if (!HasLibraryCallLowering(op)) return false;
  ASSIGN_OR_RETURN(NodeSignature sig, ResolveNodeSignature(node, registry));
  for (const Edge* e : node.data_inputs()) {
    if (IsRefType(sig.inputs.dtypes[e->dst_input])) return false;
    ASSIGN_OR_RETURN(std::optional<KernelOperand> in,
                     KnownOutput(*e->src, e->src_output, shapes));
    if (!in.has_value()) return false;
    spec->inputs.push_back(*std::move(in));
  }
  for (int port = 0; port < static_cast<int>(sig.outputs.size()); ++port) {
    ASSIGN_OR_RETURN(std::optional<KernelOperand> out, KnownOutput(node, port, shapes));
    if (!out.has_value()) return false;
    spec->outputs.push_back(*std::move(out));
  }
  const DataType dtype = spec->outputs[0].dtype;
  if (IsFloatRandom(op)) {
    if (spec->inputs.size() != 1 || (dtype != DT_FLOAT && dtype != DT_DOUBLE)) return false;
    spec->kind = LibraryCallKind::kRandomFloat;
    spec->distribution = op == "RandomUniform" ? 0 : op == "RandomStandardNormal" ? 1 : 2;
    spec->failure_message = absl::StrCat(
        NodeContext(node), ": truncated normal sampling found no accepted value (a broken RNG)");
    return true;
  }
  if (op == "RandomUniformInt") {
    if (spec->inputs.size() != 3 || (dtype != DT_INT32 && dtype != DT_INT64)) return false;
    // The bounds must be scalars (the entry point reads one value each).
    if (spec->inputs[1].shape.rank() != 0 || spec->inputs[2].shape.rank() != 0) return false;
    spec->kind = LibraryCallKind::kRandomInt;
    spec->failure_message =
        absl::StrCat(SubstituteSafeContext(node), ": need minval < maxval: $0 >= $1");
    return true;
  }
  if (op == "Softmax" || op == "LogSoftmax") {
    const TensorShape& logits = spec->inputs[0].shape;
    if (spec->inputs.size() != 1 || logits.rank() < 1 ||
        (dtype != DT_FLOAT && dtype != DT_DOUBLE)) {
      return false;  // the reference kernel reports the error
    }
    spec->kind = op == "Softmax" ? LibraryCallKind::kSoftmax : LibraryCallKind::kLogSoftmax;
    spec->classes = logits.dim(logits.rank() - 1);
    spec->batch = spec->classes == 0 ? 0 : logits.num_elements() / spec->classes;
    spec->failure_message = absl::StrCat(NodeContext(node), ": cannot fail");
    return true;
  }
  if (op == "SoftmaxCrossEntropyWithLogits") {
    if (spec->inputs.size() != 2 || spec->outputs.size() != 2 ||
        (dtype != DT_FLOAT && dtype != DT_DOUBLE)) {
      return false;
    }
    const TensorShape& f = spec->inputs[0].shape;
    const TensorShape& l = spec->inputs[1].shape;
    if (!MakeXentBroadcast(f.dims().data(), f.rank(), l.dims().data(), l.rank(), &spec->xent)) {
      return false;  // the reference kernel reports the error
    }
    spec->kind = LibraryCallKind::kSoftmaxXent;
    spec->batch = spec->xent.batch;
    spec->classes = spec->xent.classes;
    spec->failure_message = absl::StrCat(NodeContext(node), ": cannot fail");
    return true;
  }
  // SparseSoftmaxCrossEntropyWithLogits: features [batch, classes], labels [batch].
  if (spec->inputs.size() != 2 || spec->outputs.size() != 2 ||
      (dtype != DT_FLOAT && dtype != DT_DOUBLE)) {
    return false;
  }
  const TensorShape& features = spec->inputs[0].shape;
  const TensorShape& labels = spec->inputs[1].shape;
  if (features.rank() != 2 || labels.rank() != 1 || labels.dim(0) != features.dim(0) ||
      (spec->inputs[1].dtype != DT_INT32 && spec->inputs[1].dtype != DT_INT64)) {
    return false;  // the reference kernel reports the error
  }
  spec->batch = features.dim(0);
  spec->classes = features.dim(1);
  if (spec->batch > 0 && spec->classes == 0) return false;  // likewise
  spec->kind = LibraryCallKind::kSparseXent;
  spec->failure_message =
      absl::StrCat(SubstituteSafeContext(node), ": label $0 at index $1 is outside the ",
                   "valid range [0, ", spec->classes, ")");
  return true;
}

absl::StatusOr<EmittedKernel> EmitLibraryCallKernel(const LibraryCallSpec& spec,
                                                    llvm::Module& module) {
  llvm::IRBuilder<> b(module.getContext());
  KernelSkeleton kernel(b, module, spec.symbol);
  const int code = kernel.failures().Add(spec.failure_message);
  (void)code;  // the entry points return 1 for this message
  const int n_in = static_cast<int>(spec.inputs.size());
  const int n_out = static_cast<int>(spec.outputs.size());
  std::vector<llvm::Value*> in, out;
  for (int k = 0; k < n_in; ++k) in.push_back(kernel.LoadBuffer(k, absl::StrCat("in", k)));
  for (int k = 0; k < n_out; ++k) {
    out.push_back(kernel.LoadBuffer(n_in + k, absl::StrCat("out", k)));
  }
  int next = n_in + n_out;
  llvm::Value* key = IsRandom(spec.kind) ? kernel.LoadBuffer(next++, "key") : nullptr;
  llvm::Value* details =
      HasFailureDetails(spec.kind) ? kernel.LoadBuffer(next++, "details") : nullptr;
  llvm::Type* i32 = b.getInt32Ty();
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Type* ptr = b.getPtrTy();
  // The pool outlives every executable (runtime::SharedThreadPool never destroys its pools).
  llvm::Value* pool =
      spec.thread_pool == nullptr
          ? static_cast<llvm::Value*>(llvm::ConstantPointerNull::get(b.getPtrTy()))
          : b.CreateIntToPtr(b.getInt64(reinterpret_cast<uintptr_t>(spec.thread_pool)), ptr,
                             "thread_pool");
  const int64_t n = spec.outputs[0].shape.num_elements();
  const int32_t wide = spec.outputs[0].dtype == DT_DOUBLE || spec.outputs[0].dtype == DT_INT64;
  llvm::Value* result = nullptr;
  switch (spec.kind) {
    case LibraryCallKind::kRandomFloat: {
      if (n == 0) break;
      llvm::FunctionCallee fn = module.getOrInsertFunction(
          "rill_rt_random", llvm::FunctionType::get(i32, {i32, i32, ptr, i64, ptr, ptr}, false));
      result = b.CreateCall(fn, {b.getInt32(spec.distribution), b.getInt32(wide), key,
                                 b.getInt64(n), out[0], pool});
      break;
    }
    case LibraryCallKind::kRandomInt: {
      if (n == 0) break;
      llvm::FunctionCallee fn = module.getOrInsertFunction(
          "rill_rt_random_int",
          llvm::FunctionType::get(i32, {i32, ptr, i64, ptr, ptr, ptr, ptr, ptr}, false));
      result = b.CreateCall(
          fn, {b.getInt32(wide), key, b.getInt64(n), in[1], in[2], out[0], details, pool});
      break;
    }
    case LibraryCallKind::kSparseXent: {
      if (spec.batch == 0) break;
      const int32_t wide_labels = spec.inputs[1].dtype == DT_INT64;
      llvm::FunctionCallee fn = module.getOrInsertFunction(
          "rill_rt_sparse_xent",
          llvm::FunctionType::get(i32, {i32, i32, i64, i64, ptr, ptr, ptr, ptr, ptr, ptr}, false));
      result = b.CreateCall(fn, {b.getInt32(wide), b.getInt32(wide_labels),
                                 b.getInt64(spec.batch), b.getInt64(spec.classes), in[0], in[1],
                                 out[0], out[1], details, pool});
      break;
    }
    case LibraryCallKind::kSoftmax:
    case LibraryCallKind::kLogSoftmax: {
      if (spec.batch == 0) break;
      llvm::FunctionCallee fn = module.getOrInsertFunction(
          "rill_rt_softmax",
          llvm::FunctionType::get(i32, {i32, i32, i64, i64, ptr, ptr, ptr}, false));
      result = b.CreateCall(
          fn, {b.getInt32(spec.kind == LibraryCallKind::kLogSoftmax), b.getInt32(wide),
               b.getInt64(spec.batch), b.getInt64(spec.classes), in[0], out[0], pool});
      break;
    }
    case LibraryCallKind::kSoftmaxXent: {
      if (spec.batch == 0) break;
      const XentBroadcast& x = spec.xent;
      llvm::FunctionCallee fn = module.getOrInsertFunction(
          "rill_rt_softmax_xent",
          llvm::FunctionType::get(
              i32, {i32, i64, i64, i64, i64, i64, i64, ptr, ptr, ptr, ptr, ptr}, false));
      result = b.CreateCall(
          fn, {b.getInt32(wide), b.getInt64(x.batch), b.getInt64(x.classes), b.getInt64(x.f_rows),
               b.getInt64(x.f_classes), b.getInt64(x.l_rows), b.getInt64(x.l_classes), in[0],
               in[1], out[0], out[1], pool});
      break;
    }
  }
  if (result != nullptr) b.CreateStore(result, kernel.failures().slot());
  kernel.Finish();
  return EmittedKernel{spec.symbol, kernel.failures().messages()};
}

KernelExtras LibraryCallExtras(const LibraryCallSpec& spec) {
  KernelExtras extras;
  for (size_t k = 1; k < spec.outputs.size(); ++k) {
    extras.more_outputs.push_back(spec.outputs[k].shape);
  }
  if (IsRandom(spec.kind)) extras.runtime_words = RandomKeyWords;
  extras.failure_details = HasFailureDetails(spec.kind);
  return extras;
}

absl::StatusOr<std::vector<uint64_t>> RandomKeyWords(const KernelContext& c) {
  absl::StatusOr<random::OpSeeds> seeds =
      random::ResolveOpSeeds(c.attrs(), c.node_name(), c.random_key());
  if (!seeds.ok()) return c.AddContext(seeds.status());
  static_assert(kRandomKeySize == 3);
  return std::vector<uint64_t>{seeds->seed, seeds->seed2,
                               static_cast<uint64_t>(c.random_key().step)};
}

}  // namespace rill::codegen
