// ClusterKernel: runs one cluster (compiler/cluster_plan.h) of native kernels as one call of its
// cluster function (compiler/codegen/cluster_function.h): the member kernels' buffer tables are
// built once (arena slots are fixed), and each run only binds the external inputs, allocates the
// outputs that leave the cluster and are not in the arena, and fills the random ops' key words.
// Values internal to the cluster never become Tensors. In-place members (Apply*, Assign*) write
// the variable buffers the executor opened for them (interpreter.h, NodeGroup).
#ifndef RILL_COMPILER_CLUSTER_KERNEL_H_
#define RILL_COMPILER_CLUSTER_KERNEL_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "absl/status/statusor.h"
#include "compiler/buffer_plan.h"
#include "compiler/cluster_plan.h"
#include "compiler/codegen/cluster_function.h"
#include "compiler/codegen/compiled_kernel.h"
#include "compiler/interpreter/interpreter.h"
#include "compiler/jit/jit.h"
#include "graph/node_signature.h"
#include "graph/shape_refiner.h"
#include "graph/tensor.h"
#include "ops/kernel_context.h"

namespace rill::compiler {

// Counts of native calls in a run, shared by an executable's kernels.
struct NativeCallCounts {
  int64_t calls = 0;            // calls from the executor into native code
  int64_t cluster_members = 0;  // member kernels run inside clusters
};

class ClusterKernel {
 public:
  // Builds the cluster's tables and its function `symbol` in `jit`. `kernels` holds the native
  // members' kernels by node name (a member without one is a view: its output is its input 0's
  // bytes, shapes from `shapes`; or a NoOp, which runs nothing); `plan`/`arena` the executable's buffer plan and memory
  // (`arena` null when nothing is planned). With `poison`, dead arena buffers are overwritten as
  // in per-node mode: the members are then called one by one from C++ (the same kernels), as
  // they are when a run collects per-node times.
  static absl::StatusOr<std::unique_ptr<ClusterKernel>> Create(
      const Cluster& cluster, const absl::node_hash_map<std::string, codegen::CompiledKernel>& kernels,
      const ShapeRefiner& shapes, const BufferPlan& plan, std::shared_ptr<char> arena,
      bool poison, jit::Jit& jit, const std::string& symbol, NativeCallCounts* counts,
      const OpRegistry& registry);

  // The NodeGroup the executor runs this cluster as (its `run` calls Run on this kernel, which
  // must outlive the executor's use of it).
  NodeGroup Group() const;

  // Whether every input has the shape its member's kernel was compiled for (NodeGroup::accepts:
  // otherwise the executor runs the members node by node, with the per-node errors).
  bool Accepts(const std::vector<Tensor>& inputs) const;

  // One run: `inputs` in Cluster::inputs order (a written variable as its opened buffer),
  // `outputs` in Cluster::outputs order.
  absl::Status Run(const std::vector<Tensor>& inputs, const KernelEnv& env,
                   std::vector<Tensor>* outputs, std::vector<NodeTiming>* timings);

  // The member node names, in order.
  std::vector<std::string> member_names() const;

 private:
  struct Member {
    const Node* node = nullptr;
    const codegen::CompiledKernel* kernel = nullptr;  // null for a view
    NodeSignature sig;
    std::string context;  // "node 'x' (Op)"
    int table = 0;        // offset of its buffer table in buffers_
    int words_slot = -1;  // offset in buffers_ of its runtime words pointer, or -1
    int details = -1;     // index in details_, or -1
    std::vector<PlannedBuffer> dead;  // arena buffers dead after it (poison mode)
  };
  // A member output whose memory is allocated per run (it leaves the cluster, or is not in the
  // arena): a fresh zero-filled Tensor, as the per-node kernel would allocate.
  struct Fresh {
    int member = 0;
    DataType dtype = DT_INVALID;
    TensorShape shape;
  };
  // Where a value lives: a fixed pointer (arena) or a per-run pointer (input or fresh output).
  struct Location {
    void* fixed = nullptr;
    int dynamic = -1;  // index into the per-run pointer list: inputs first, then fresh outputs
    Tensor wrapped;    // for a fixed value that leaves the cluster: a Tensor over the arena
    // A view's value that leaves the cluster from per-run memory: copied into a fresh Tensor of
    // this dtype and shape (what the view's reference kernel returns).
    bool copy = false;
    DataType dtype = DT_INVALID;
    TensorShape shape;
  };

  ClusterKernel() = default;
  // The error of native call `call` (index into natives_) failing with `code`.
  absl::Status Fail(int call, int32_t code) const;

  Cluster cluster_;
  std::vector<Member> members_;
  std::vector<void*> buffers_;   // every member's buffer table, back to back
  std::vector<void**> tables_;   // tables_[k] = &buffers_[members_[k].table]
  std::vector<std::pair<int, int>> patches_;  // (slot in buffers_, per-run pointer index)
  // Per cluster input: the shape its member expects (none for a view's shape operand).
  std::vector<std::optional<TensorShape>> input_shapes_;
  std::vector<int> natives_;                  // member index of each call, in order
  std::vector<Fresh> fresh_;
  std::vector<Location> output_locations_;    // per cluster output
  std::vector<std::array<int64_t, codegen::kMaxFailureDetails>> details_;
  std::vector<std::vector<uint64_t>> words_;  // per member with runtime words
  std::shared_ptr<char> arena_;
  bool poison_ = false;
  codegen::ClusterEntry entry_ = nullptr;
  NativeCallCounts* counts_ = nullptr;
  // Per run scratch.
  std::vector<void*> dynamic_;
  std::vector<Tensor> fresh_tensors_;
};

}  // namespace rill::compiler

#endif  // RILL_COMPILER_CLUSTER_KERNEL_H_
