// OpDefBuilder: a fluent, TensorFlow-style op definition ("x: T", "T: {float, int32}",
// "transpose_a: bool = false"), and RILL_REGISTER_OP, the static registrar used by
// ops/<family>/<op>.cc.
#ifndef RILL_OPS_OP_DEF_BUILDER_H_
#define RILL_OPS_OP_DEF_BUILDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ops/op_registry.h"

namespace rill {

// Builds an OpRegistration from TensorFlow's spec strings:
//   Input/Output: "name: T" (type attr), "name: float" (fixed type), "name: N * T" (N copies),
//                 "name: Tlist" (a list(type) attr), "name: Ref(T)" (reference).
//   Attr: "name: type", "name: {float, int32}" (allowed types), "name: {'SAME', 'VALID'}"
//         (allowed strings), "name: int >= 1", "name: list(type)", "name: bool = false",
//         "name: shape = { unknown_rank: true }", "name: type = DT_FLOAT", "name: list(int) = [1,
//         2]".
// Errors are collected and reported by Build(), so a spec typo is an InvalidArgument naming the op.
class OpDefBuilder {
 public:
  explicit OpDefBuilder(std::string op_name);

  OpDefBuilder& Input(std::string spec);
  OpDefBuilder& Output(std::string spec);
  OpDefBuilder& Attr(std::string spec);
  // TensorFlow OpDef flags.
  OpDefBuilder& SetIsStateful();
  OpDefBuilder& SetIsCommutative();
  OpDefBuilder& SetIsAggregate();
  OpDefBuilder& SetAllowsUninitializedInput();
  // rill trait: the op is elementwise (see OpTraits).
  OpDefBuilder& SetIsElementwise();
  // rill trait: output 0 shares input 0's buffer (see OpTraits::forwards_input).
  OpDefBuilder& SetForwardsInput();
  // rill trait: the op overwrites all of ref input 0 (see OpTraits::overwrites_ref).
  OpDefBuilder& SetOverwritesRef();
  OpDefBuilder& SetShapeFn(ShapeFn fn);
  // The gradient function (ops/gradient_context.h). An op with neither SetGradient nor
  // SetNoGradient is "not differentiable": asking for a gradient through it is an error.
  OpDefBuilder& SetGradient(GradientFn fn);
  // No gradient flows through this op (TensorFlow's NotDifferentiable / NoGradient: shapes,
  // comparisons, StopGradient, variables); autodiff treats its inputs as constants.
  OpDefBuilder& SetNoGradient();
  // The reference kernel (ops/kernel_context.h): the oracle, the interpreter and constant folder.
  OpDefBuilder& SetReferenceKernel(ReferenceKernelFn fn);
  // The rewrite of a composite op into primitives (ops/expand_context.h).
  OpDefBuilder& SetExpand(ExpandFn fn);
  // LLVM emitters (filled by the compiler issue; op files leave them unset for now).
  OpDefBuilder& SetElementEmitter(EmitterFn fn);
  OpDefBuilder& SetLoopEmitter(EmitterFn fn);
  // One-line description (OpDef.summary).
  OpDefBuilder& Summary(std::string summary);

  // Parses the specs and checks the result with ValidateOpDef.
  absl::StatusOr<OpRegistration> Build() const;

 private:
  std::string name_;
  std::vector<std::string> inputs_;
  std::vector<std::string> outputs_;
  std::vector<std::string> attrs_;
  OpRegistration flags_;  // flags, traits, shape fn and summary; args and attrs come from specs
};

// Registers a builder's op in OpRegistry::Global() at static-initialisation time. The specs are
// rill's own source, so a failure is a bug in rill: it aborts with the op name and the reason.
class OpRegistrar {
 public:
  // Implicit on purpose: RILL_REGISTER_OP writes `static OpRegistrar r = OpDefBuilder(...)...;`.
  OpRegistrar(const OpDefBuilder& builder);  // NOLINT(google-explicit-constructor)
};

}  // namespace rill

#define RILL_OP_REGISTRAR_CONCAT_INNER_(a, b) a##b
#define RILL_OP_REGISTRAR_CONCAT_(a, b) RILL_OP_REGISTRAR_CONCAT_INNER_(a, b)

// RILL_REGISTER_OP("Add").Input("x: T")...;  registers the op when the program starts. The file
// must be linked whole: op files go in an `op_library` (alwayslink) BUILD target.
#define RILL_REGISTER_OP(name)                                           \
  [[maybe_unused]] static ::rill::OpRegistrar RILL_OP_REGISTRAR_CONCAT_( \
      rill_op_registrar_, __COUNTER__) = ::rill::OpDefBuilder(name)

#endif  // RILL_OPS_OP_DEF_BUILDER_H_
