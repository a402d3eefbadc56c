// Constant folding: evaluates nodes whose inputs are known constants (or whose values shape
// inference publishes) on their reference kernels and replaces them with Const nodes.
#ifndef RILL_COMPILER_PASSES_CONSTANT_FOLDING_H_
#define RILL_COMPILER_PASSES_CONSTANT_FOLDING_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "compiler/pass.h"
#include "ops/op_registry.h"

namespace rill::compiler {

struct ConstantFoldingOptions {
  // Largest folded output, in bytes of its TensorProto encoding; bigger results stay computed
  // at run time (so a Fill of a huge shape does not bloat the graph).
  int64_t max_constant_bytes = int64_t{1} << 20;
  // Nodes whose outputs the caller feeds at run time: their values are unknown here, so they and
  // anything computed from their values are never folded. Their inferred shapes are trusted (the
  // caller fixes them), except below a fed node whose value inference had published (a fed
  // Const or Identity of one): values published there may describe the graph, not the feed.
  std::vector<std::string> feeds;
  // Nodes whose names must keep resolving to the same tensors (fetches and targets). A folded
  // single-output node keeps its name anyway; a multi-output node named here is not folded.
  std::vector<std::string> keep;
};

// A node is folded when it has at least one data input, is registered, not stateful (random ops
// are stateful), has a reference kernel, has no ref-typed inputs or outputs, is not fed, and
// either
//  - every data input has a known value (a Const, a folded node), and its kernel succeeds on
//    them; a kernel error (integer division by zero, ...) leaves the node alone so the error
//    surfaces at run time naming the node, or
//  - shape inference published the values of all its outputs (Shape, Size, Rank,
//    BroadcastGradientArgs, ... of fully known shapes: "shape specialisation"; fix the feeds'
//    shapes first, see ShapeSpecialization).
// A single-output node becomes a Const with the node's own name; a multi-output node becomes one
// Const per used output named "<node>/folded_<i>". The folded node's control inputs move to the
// new Consts and its control uses are taken over by them, so ordering is kept. Consts left
// unused are for DCE to remove.
class ConstantFolding : public GraphPass {
 public:
  explicit ConstantFolding(ConstantFoldingOptions options = {},
                           const OpRegistry& registry = *OpRegistry::Global());

  absl::string_view name() const override { return "constant_folding"; }
  absl::StatusOr<bool> Run(Graph* graph) override;

 private:
  ConstantFoldingOptions options_;
  absl::flat_hash_set<std::string> feeds_;
  absl::flat_hash_set<std::string> keep_;
  const OpRegistry& registry_;
};

// Factory for pipelines: the pass with `options`.
std::unique_ptr<GraphPass> CreateConstantFoldingPass(ConstantFoldingOptions options = {});

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASSES_CONSTANT_FOLDING_H_
