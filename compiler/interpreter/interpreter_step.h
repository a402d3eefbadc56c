// Internal to compiler/interpreter: the state of one Interpreter Run (InterpreterStep), shared by
// interpreter.cc (nodes one by one) and node_groups.cc (node groups run as one call).
#ifndef RILL_COMPILER_INTERPRETER_INTERPRETER_STEP_H_
#define RILL_COMPILER_INTERPRETER_INTERPRETER_STEP_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/interpreter/interpreter.h"
#include "ops/kernel_context.h"

namespace rill {

// Which write of each variable a node's value is ordered after: variable -> version. Kept sorted
// by pointer so merging is linear.
using WriteSet = std::vector<std::pair<Variable*, int64_t>>;

// The element-wise maximum of two write sets (the latest ordered write per variable).
WriteSet MergeWrites(const WriteSet& a, const WriteSet& b);
// Records that `set` is ordered after write `version` of `var`.
void SetWrite(WriteSet* set, Variable* var, int64_t version);
// The version of `var` in `set`, or null.
const int64_t* FindWrite(const WriteSet& set, Variable* var);

// The state of one Run.
class InterpreterStep {
 public:
  InterpreterStep(Interpreter& interp, int64_t step) : in_(interp), step_(step) {}

  absl::StatusOr<std::vector<Tensor>> Run(const std::vector<Feed>& feeds,
                                          const std::vector<std::string>& fetches,
                                          const std::vector<std::string>& targets);

 private:
  absl::Status AddFeed(const Feed& feed);
  absl::Status MarkNeeded(const std::vector<TensorId>& fetches, const std::vector<Node*>& targets);
  // Runs one node; `release` drops the snapshots whose last reader has run (off for a node
  // hoisted ahead of its group, whose position is past members not yet run).
  absl::Status Execute(Node* node, bool release = true);
  // Whether `g` can run as one call this Run (every member needed, no member output fed).
  bool GroupRunnable(const Interpreter::PreparedGroup& g) const;
  absl::Status ExecuteGroup(const Interpreter::PreparedGroup& g);
  // The value of a ref (variable) output as seen by a reader ordered after `writes`.
  absl::StatusOr<Tensor> ReadVariable(Variable* var, const WriteSet& writes,
                                      const std::string& reader) const;
  void Snapshot(Variable* var);
  // Bookkeeping for `node` outputting a reference to `var`: its readers extend the snapshot's
  // life, and the variable is snapshotted if it was not yet.
  void ForwardReference(const Node& node, Variable* var);
  // Runs the members of `g` node by node (its hoisted nodes already ran).
  absl::Status ExecuteSpan(const Interpreter::PreparedGroup& g);
  // Drops the step's snapshots of the variables whose last reader has run (position `pos`).
  void ReleaseSnapshots(int pos);
  // What every kernel of this step sees: the variables, the random key, the allocation caps.
  KernelEnv Env() const;

  Interpreter& in_;
  int64_t step_;
  absl::flat_hash_map<std::string, Tensor> fed_;        // canonical tensor name -> value
  std::vector<bool> needed_;                            // by node id
  std::vector<std::vector<KernelInput>> values_;        // by node id, per output
  std::vector<WriteSet> writes_;                        // by node id: writes it is ordered after
  absl::flat_hash_map<Variable*, Tensor> before_step_;  // pre-Run values
  absl::flat_hash_map<Variable*, absl::flat_hash_map<int64_t, Tensor>> history_;  // per write
  // (position of the last value read, variable) of the snapshotted variables not yet released;
  // releasing is off when a fetch reads a reference output at the end of the Run.
  std::vector<std::pair<int, Variable*>> pending_release_;
  bool release_snapshots_ = true;
  absl::flat_hash_set<Variable*> released_;  // no reader left: later writes keep no history
};

}  // namespace rill

#endif  // RILL_COMPILER_INTERPRETER_INTERPRETER_STEP_H_
