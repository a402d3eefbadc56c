// CompiledKernel: a JIT-compiled element-wise kernel (elementwise_kernel_emitter.h ABI) wrapped as a
// node kernel the executor can run in place of the reference kernel.
#ifndef RILL_COMPILER_CODEGEN_COMPILED_KERNEL_H_
#define RILL_COMPILER_CODEGEN_COMPILED_KERNEL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"
#include "ops/kernel_context.h"

namespace rill::codegen {

using KernelEntry = int32_t (*)(void** buffers);

// What a kernel takes beyond inputs and output 0 (call kernels: call_emitter.h). Buffer order:
// inputs, output 0, `more_outputs`, the `runtime_words` buffer, the failure details buffer.
struct KernelExtras {
  // Shapes of outputs 1, 2, ... (fresh buffers, dtypes from the node's signature).
  std::vector<TensorShape> more_outputs;
  // When set: words computed from the context at each run (e.g. the random ops' seeds and step),
  // passed as one uint64 buffer. Errors fail the run.
  std::function<absl::StatusOr<std::vector<uint64_t>>(const KernelContext&)> runtime_words;
  // When set: an int64[kMaxFailureDetails] buffer the kernel fills on failure; "$0", "$1" in
  // the failure message are replaced by its values (absl::Substitute).
  bool failure_details = false;
};

// Size of the failure details buffer.
inline constexpr int kMaxFailureDetails = 4;

class CompiledKernel {
 public:
  // `in_place`: the kernel updates its ref inputs' buffers and has no output buffer.
  CompiledKernel(KernelEntry entry, std::vector<std::string> failure_messages,
                 std::vector<TensorShape> input_shapes, TensorShape output_shape,
                 bool in_place = false, bool initializes_ref = false, KernelExtras extras = {})
      : entry_(entry),
        failure_messages_(std::move(failure_messages)),
        input_shapes_(std::move(input_shapes)),
        output_shape_(std::move(output_shape)),
        in_place_(in_place),
        initializes_ref_(initializes_ref),
        extras_(std::move(extras)) {}

  // Checks the inputs against the shapes the kernel was compiled for (InvalidArgument naming the
  // node otherwise: a compiled kernel must never read out of bounds), allocates output 0 and runs.
  // A failure code becomes InvalidArgument with the recorded message. In place: each ref input's
  // variable is opened for writing (copy-on-write, counted as a write; FailedPrecondition naming
  // the node when uninitialized, unless `initializes_ref` and it is ref input 0, which then gets a
  // fresh buffer of the compiled shape) and the i-th ref output is set to the i-th ref input's
  // variable.
  // With `output_memory`, output 0 is a tensor over that memory (an arena slot of the output's
  // size, kept alive by `keep_alive`) instead of a fresh zero-filled buffer: the kernel writes
  // every element. Outputs 1, 2, ... (KernelExtras::more_outputs) get fresh buffers.
  absl::Status Run(KernelContext& c, void* output_memory = nullptr,
                   std::shared_ptr<const void> keep_alive = nullptr) const;

  bool in_place() const { return in_place_; }

  // What a cluster (compiler/cluster_kernel.h) needs to call the entry itself, with the same
  // buffer order Run uses.
  KernelEntry entry() const { return entry_; }
  const std::vector<TensorShape>& input_shapes() const { return input_shapes_; }
  const TensorShape& output_shape() const { return output_shape_; }
  const KernelExtras& extras() const { return extras_; }
  // The error Run returns for the entry's failure `code` (non-zero), given the failure details
  // buffer (`details`, kMaxFailureDetails values, or null without KernelExtras::failure_details);
  // `context` ("node 'x' (Op)") names the node for an unexpected code.
  absl::Status FailureStatus(int32_t code, const int64_t* details,
                             const std::string& context) const;

 private:
  KernelEntry entry_;
  std::vector<std::string> failure_messages_;
  std::vector<TensorShape> input_shapes_;
  TensorShape output_shape_;
  bool in_place_;
  bool initializes_ref_;  // ref input 0 is overwritten whole: an uninitialised variable is fine
  KernelExtras extras_;
};

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_COMPILED_KERNEL_H_
