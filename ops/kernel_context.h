// KernelContext: what a reference kernel sees of one node when it runs (attrs, input Tensors,
// variables behind ref inputs, the random key) and where it puts its outputs. The reference
// executor, RunOp in tests and the constant folder build one per node execution.
#ifndef RILL_OPS_KERNEL_CONTEXT_H_
#define RILL_OPS_KERNEL_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/status_macros.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"
#include "ops/attr_slice.h"
#include "ops/op_registry.h"
#include "ops/variable.h"

namespace rill {

// What counter-based random kernels key their streams on. The op's own seeds are its `seed` and
// `seed2` attrs (read them through attrs()); this is what the executor adds.
struct RandomKey {
  // The graph-level seed (TensorFlow's tf.set_random_seed), if the executor was given one.
  std::optional<int64_t> graph_seed;
  // A seed drawn once per executor from the OS, for ops with seed = seed2 = 0 and no graph seed
  // (TensorFlow's "nondeterministic" case).
  uint64_t process_seed = 0;
  // The executor's Run counter: 0 for the first Run, then 1, 2, ... so successive Runs draw new
  // numbers.
  int64_t step = 0;
};

// The executor-owned environment a kernel may use.
struct KernelEnv {
  // Variables that VariableV2 looks up; null when none are available (e.g. the constant folder).
  VariableStore* variables = nullptr;
  RandomKey random;
  // Caps for allocate_output.
  TensorLimits limits;
};

// One input of a kernel: a Tensor, or for a Ref(T) input the Variable behind it.
struct KernelInput {
  Tensor tensor;                 // invalid for ref inputs
  Variable* variable = nullptr;  // set only for ref inputs
};

// Built by the caller for one execution of one node. A kernel reads inputs and attrs, then sets
// every output (set_output / allocate_output / set_ref_output) or returns an error. Error
// helpers build "node 'x' (Op): ..." messages; any other error a kernel returns is prefixed the
// same way by RunReferenceKernel, so messages always name the node exactly once.
class KernelContext {
 public:
  // `attrs` must outlive the context. `output_dtypes` are the node's resolved output dtypes
  // (ref outputs as DT_*_REF).
  KernelContext(std::string node_name, std::string op, AttrSlice attrs,
                std::vector<KernelInput> inputs, std::vector<DataType> output_dtypes,
                KernelEnv env = {});

  const std::string& node_name() const { return node_name_; }
  const std::string& op() const { return op_; }
  // The node's attrs, with the op's defaults for missing ones.
  const AttrSlice& attrs() const { return attrs_; }

  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  // Data input i (0 <= i < num_inputs()). Invalid for ref inputs: use ref_input.
  const Tensor& input(int i) const {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "KernelContext::input out of range");
    return inputs_[i].tensor;
  }
  // The Variable behind Ref(T) input i (VariableV2 -> Assign), or null for a non-ref input.
  Variable* ref_input(int i) const {
    RILL_DCHECK(i >= 0 && i < num_inputs(), "KernelContext::ref_input out of range");
    return inputs_[i].variable;
  }
  // The Variable behind ref input i, or InvalidArgument naming the node if input i is not a ref.
  absl::StatusOr<Variable*> RefInput(int i) const;

  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  // The dtype output i must have (the node's signature; DT_*_REF for ref outputs).
  DataType output_dtype(int i) const {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "KernelContext::output_dtype out of range");
    return output_dtypes_[i];
  }
  // Sets output i to `value` (shares its buffer: never write into an input you pass through).
  void set_output(int i, Tensor value) {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "KernelContext::set_output out of range");
    outputs_[i].tensor = std::move(value);
  }
  // A zeroed Tensor of output_dtype(i) and `shape`, set as output i and returned (the returned
  // Tensor shares the output's buffer, so fill it through data<T>()). ResourceExhausted over
  // the limits.
  absl::StatusOr<Tensor> allocate_output(int i, const TensorShape& shape);
  // Sets ref output i (VariableV2's `ref`, Assign's `output_ref`) to `variable`.
  void set_ref_output(int i, Variable* variable) {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "KernelContext::set_ref_output out of range");
    outputs_[i].variable = variable;
  }
  // Output i as set so far.
  const KernelInput& output(int i) const {
    RILL_DCHECK(i >= 0 && i < num_outputs(), "KernelContext::output out of range");
    return outputs_[i];
  }
  // Moves the outputs out (for the caller, after the kernel ran).
  std::vector<KernelInput> ReleaseOutputs() { return std::move(outputs_); }

  // The executor's variables, or FailedPrecondition when this context has none.
  absl::StatusOr<VariableStore*> variables() const;
  const RandomKey& random_key() const { return env_.random; }
  const TensorLimits& limits() const { return env_.limits; }

  // "node 'x' (Op)".
  std::string context() const { return absl::StrCat("node '", node_name_, "' (", op_, ")"); }
  // Errors "node 'x' (Op): <StrCat(args...)>".
  template <typename... Args>
  absl::Status InvalidArgument(const Args&... args) const {
    return absl::InvalidArgumentError(absl::StrCat(context(), ": ", args...));
  }
  template <typename... Args>
  absl::Status FailedPrecondition(const Args&... args) const {
    return absl::FailedPreconditionError(absl::StrCat(context(), ": ", args...));
  }
  template <typename... Args>
  absl::Status Unimplemented(const Args&... args) const {
    return absl::UnimplementedError(absl::StrCat(context(), ": ", args...));
  }
  // Prefixes `status` with "node 'x' (Op): " unless it already starts with it; OK stays OK.
  absl::Status AddContext(const absl::Status& status) const;

 private:
  std::string node_name_;
  std::string op_;
  AttrSlice attrs_;
  std::vector<KernelInput> inputs_;
  std::vector<DataType> output_dtypes_;
  std::vector<KernelInput> outputs_;
  KernelEnv env_;
};

// Runs `op`'s reference kernel on `c`: Unimplemented "node 'x' (Op): op 'Op' has no reference
// kernel" when it has none; kernel errors come back prefixed with the node (once). After success,
// checks that every output was set with the declared dtype (a ref output with a Variable of the
// base dtype); a violation is Internal (a bug in the kernel).
absl::Status RunReferenceKernel(const OpRegistration& op, KernelContext& c);

}  // namespace rill

#endif  // RILL_OPS_KERNEL_CONTEXT_H_
