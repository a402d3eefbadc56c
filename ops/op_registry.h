// The op registry: op name -> OpRegistration (signature, flags, shape function, and named slots
// for the gradient, reference kernel, expansion and emitters that the op library adds later).
#ifndef RILL_OPS_OP_REGISTRY_H_
#define RILL_OPS_OP_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "graph/op_def.pb.h"

namespace rill {

class ShapeContext;  // ops/shape_context.h

// Contexts of the extension slots below. Each is declared here and defined by the code that
// fills and calls the slot (the op library issue): a context struct can grow fields without
// changing the slot's signature, the way TensorFlow's InferenceContext and OpKernelContext do.
struct GradientContext;  // builds the backward subgraph of one node through a Scope
struct KernelContext;    // runs the reference kernel on host Tensors
struct ExpandContext;    // rewrites a composite op (Softmax, Mean, ...) into primitives
struct EmitterContext;   // emits LLVM IR: a per-element scalar value or a loop nest / runtime call

// Computes the output shapes of one node from its input shapes and attrs (see ShapeContext).
using ShapeFn = std::function<absl::Status(ShapeContext&)>;
using GradientFn = std::function<absl::Status(GradientContext&)>;
using ReferenceKernelFn = std::function<absl::Status(KernelContext&)>;
using ExpandFn = std::function<absl::Status(ExpandContext&)>;
using EmitterFn = std::function<absl::Status(EmitterContext&)>;

// rill-only properties that OpDef has no field for (OpDef keeps is_stateful, is_commutative,
// is_aggregate, allows_uninitialized_input).
struct OpTraits {
  // Output element i depends only on input element i (after broadcasting): fusable, and the op
  // supplies a scalar emitter rather than a loop nest.
  bool elementwise = false;
  // Output 0 is input 0's buffer, unchanged (Identity, StopGradient) or with a new shape
  // (Reshape, Squeeze, ExpandDims): the reference kernel only shares the buffer, so such a node
  // needs no native kernel.
  bool forwards_input = false;
  // The op writes every element of ref input 0 without reading it (Assign): its native in-place
  // kernel may initialise the variable.
  bool overwrites_ref = false;
};

// Everything rill knows about one op. One registration per op, made in ops/<family>/<op>.cc.
struct OpRegistration {
  // TensorFlow-compatible signature: input/output args, attrs with types, defaults, allowed values
  // and minimums, and the stateful/commutative/aggregate flags.
  OpDef def;
  OpTraits traits;
  // Output shapes; null means "outputs have unknown shapes".
  ShapeFn shape_fn;

  // --- Extension slots for the op library. Null in this layer, which never calls them. ---
  // Builds the gradient subgraph; null with `no_gradient` false means "no gradient defined".
  GradientFn gradient;
  // True when the op is declared to have no gradient (like TF's NotDifferentiable).
  bool no_gradient = false;
  // Naive host implementation: the oracle, the interpreter and the constant folder.
  ReferenceKernelFn reference_kernel;
  // For composite ops: the rewrite into primitives (such ops need no emitter).
  ExpandFn expand;
  // Scalar per-element LLVM emitter, for ops with traits.elementwise.
  EmitterFn element_emitter;
  // Loop-nest or runtime-call LLVM emitter for the other ops.
  EmitterFn loop_emitter;

  const std::string& name() const { return def.name(); }
  bool is_stateful() const { return def.is_stateful(); }
  bool is_commutative() const { return def.is_commutative(); }
  bool is_elementwise() const { return traits.elementwise; }
  // The declaration of attr `name`, or null.
  const OpDef::AttrDef* FindAttr(absl::string_view name) const;
};

// Thread-safe map from op name to registration. Entries never move or change once registered.
class OpRegistry {
 public:
  OpRegistry() = default;
  OpRegistry(const OpRegistry&) = delete;
  OpRegistry& operator=(const OpRegistry&) = delete;

  // The process-wide registry that static registrars (RILL_REGISTER_OP) fill. Never destroyed.
  static OpRegistry* Global();

  // Adds `op` after checking its OpDef is well formed (see ValidateOpDef). AlreadyExists if the
  // name is taken, InvalidArgument for a malformed definition.
  absl::Status Register(OpRegistration op);
  // The registration of `op`, or null.
  const OpRegistration* Find(absl::string_view op) const;
  // The registration of `op`, or NotFound "op 'X' is not registered".
  absl::StatusOr<const OpRegistration*> LookUp(absl::string_view op) const;
  // All registrations, sorted by name (for listing tools and tests).
  std::vector<const OpRegistration*> List() const;
  int size() const;

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<const OpRegistration>> ops_ ABSL_GUARDED_BY(mu_);
};

// Checks that `def` is well formed: valid names, no duplicates, every type/number/type-list
// reference of an arg names an attr of the right kind, defaults type-check and are allowed.
absl::Status ValidateOpDef(const OpDef& def);

// One-line human-readable signature, e.g.
// "MatMul(a: T, b: T) -> (product: T); attrs: transpose_a: bool = false, ..., T: {float, double}"
// followed by "; flags: commutative, elementwise" when any flag is set.
std::string OpSignatureString(const OpRegistration& op);

}  // namespace rill

#endif  // RILL_OPS_OP_REGISTRY_H_
