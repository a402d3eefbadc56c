// ClusterFunction: one JIT-compiled function per cluster of native kernels that calls the member
// kernels in order, so a run of compiled nodes costs one native call from the executor.
#ifndef RILL_COMPILER_CODEGEN_CLUSTER_FUNCTION_H_
#define RILL_COMPILER_CODEGEN_CLUSTER_FUNCTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/compiled_kernel.h"
#include "compiler/jit/jit.h"

namespace rill::codegen {

// ABI of a cluster function: `tables[k]` is member k's buffer array (compiled_kernel.h order).
// Calls member 0, 1, ... in order; on the first non-zero code stores the member's index in
// `*failed` and returns that code without calling the rest; returns 0 when all succeeded.
using ClusterEntry = int32_t (*)(void*** tables, int32_t* failed);

// One member: its kernel's entry and the node name (names the call in IR dumps).
struct ClusterCall {
  KernelEntry entry = nullptr;
  std::string node;
};

// Emits `symbol` calling `members` in order (each through its address), adds it to `jit` and
// returns its entry. InvalidArgument for an empty member list or a null entry.
absl::StatusOr<ClusterEntry> EmitClusterFunction(jit::Jit& jit, const std::string& symbol,
                                                 const std::vector<ClusterCall>& members);

}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_CLUSTER_FUNCTION_H_
