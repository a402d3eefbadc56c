// Epilogue fusion: a float MatMul or NHWC Conv2D whose only consumer adds a per-channel bias
// (BiasAdd, which composite expansion turned into AddV2 with a [channels] operand), optionally
// followed by a Relu that is the add's only consumer, becomes one RillFusedMatMul /
// RillFusedConv2D node (fused_ops.h) that codegen lowers to one runtime call with the epilogue.
#ifndef RILL_COMPILER_PASSES_EPILOGUE_FUSION_H_
#define RILL_COMPILER_PASSES_EPILOGUE_FUSION_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "compiler/pass.h"
#include "ops/op_registry.h"

namespace rill::compiler {

// Nodes named in `keep` (fetches, targets) are never absorbed, except as the group's root: the
// fused node takes the root's (the add's or the Relu's) name, so fetches by name keep working.
// Runs before element-wise fusion, which would otherwise take the add and Relu into a loop.
class EpilogueFusion : public GraphPass {
 public:
  explicit EpilogueFusion(std::vector<std::string> keep = {},
                          const OpRegistry& registry = *OpRegistry::Global())
      : keep_(keep.begin(), keep.end()), registry_(registry) {}

  absl::string_view name() const override { return "epilogue_fusion"; }
  absl::StatusOr<bool> Run(Graph* graph) override;

 private:
  absl::flat_hash_set<std::string> keep_;
  const OpRegistry& registry_;
};

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASSES_EPILOGUE_FUSION_H_
