// Which registered ops lower to native code. Every op needs one of: an element emitter, a loop
// emitter, an expansion into other ops, or no kernel work at all (constants, feeds, variables,
// buffer-forwarding views, NoOp). The rest run on their reference kernels as host ops and must be
// listed below with the reason — the list shrinks as lowerings land, and a new op without a
// lowering fails this test until it is lowered or listed.
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "compiler/codegen/call_lowering.h"
#include "ops/op_registry.h"

namespace rill::codegen {
namespace {

// Host ops and why they are host ops.
const std::map<std::string, std::string>& HostOps() {
  static const auto* ops = new std::map<std::string, std::string>{
      // Host by nature: strings, files, printing, summaries.
      {"PrintV2", "prints (host I/O)"},
      {"StringFormat", "strings"},
      {"SaveV2", "writes checkpoint files"},
      {"RestoreV2", "reads checkpoint files"},
      {"ScalarSummary", "builds a Summary proto (string)"},
      {"HistogramSummary", "builds a Summary proto (string)"},
      {"MergeSummary", "merges Summary protos (strings)"},
      // Variable bookkeeping: a buffer swap, may initialise or reshape the variable.
      // Shape metadata: folded to constants when shapes are known (constant folding).
      {"Shape", "shape metadata (folded when shapes are known)"},
      {"ShapeN", "shape metadata (folded when shapes are known)"},
      {"Size", "shape metadata (folded when shapes are known)"},
      {"Rank", "shape metadata (folded when shapes are known)"},
      {"BroadcastGradientArgs", "shape metadata (folded when shapes are known)"},
      {"ConcatOffset", "shape metadata (folded when shapes are known)"},
      {"InvertPermutation", "index metadata (folded when constant)"},
      // Not lowered yet (issue 6 follow-up).
      {"Range", "output shape depends on its input values: folded when they are constant"},
  };
  return *ops;
}

bool NeedsNoKernel(const OpRegistration& op) {
  return op.traits.forwards_input || op.def.input_arg_size() == 0 ||
         (op.def.output_arg_size() == 0 && !op.is_stateful());
}

TEST(LoweringCoverageTest, EveryOpIsLoweredExpandedOrAListedHostOp) {
  std::vector<std::string> unlisted, stale;
  for (const OpRegistration* op : OpRegistry::Global()->List()) {
    // Ops without an emitter of their own that a call family lowers to a call kernel
    // (call_lowering.h): the epilogue-fused products (the runtime's GEMM / convolution, f32 only,
    // their only dtype), the random ops (random::Fill*), Softmax, LogSoftmax and the sparse and
    // dense softmax cross entropies (the reference kernels' row routines).
    const bool call = HasCallLowering(op->name());
    const bool lowered = op->element_emitter || op->loop_emitter || op->expand ||
                         NeedsNoKernel(*op) || op->name() == "RillFusion" || call;
    const bool listed = HostOps().contains(op->name());
    if (!lowered && !listed) unlisted.push_back(op->name());
    if (lowered && listed) stale.push_back(op->name());
  }
  EXPECT_THAT(unlisted, ::testing::IsEmpty()) << "ops with no lowering and no reason";
  EXPECT_THAT(stale, ::testing::IsEmpty()) << "listed as host ops but now lowered: unlist them";
  for (const auto& [name, why] : HostOps()) {
    EXPECT_NE(OpRegistry::Global()->Find(name), nullptr) << name << " is not registered";
  }
}

}  // namespace
}  // namespace rill::codegen
