// Saver: TensorFlow 1.x tf.train.Saver. Builds the SaveV2 / RestoreV2 + Assign subgraph for a
// list of variables, saves checkpoints through a Session (keeping the newest N and updating the
// directory's `checkpoint` state file) and restores them, reporting every mismatch at once.
#ifndef RILL_SESSION_SAVER_H_
#define RILL_SESSION_SAVER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/scope.h"
#include "graph/tensor_shape.h"
#include "session/session.h"

namespace rill {

struct SaverOptions {
  // Checkpoints kept in a directory's state file; older ones are deleted after a save. 0 keeps
  // all.
  int max_to_keep = 5;
  // Name scope of the save/restore subgraph (TensorFlow's "save").
  std::string name = "save";
};

// One variable a Saver handles: its name in checkpoints (the VariableV2 node's name) and what
// the graph declares.
struct SaverVariable {
  std::string name;
  DataType dtype = DT_INVALID;  // the base dtype
  PartialShape shape;
};

class Saver {
 public:
  // Builds, under options.name (TF's node names): "save/filename/input" (Const "model"),
  // "save/filename" and "save/Const" (PlaceholderWithDefault: the prefix, fed at save/restore
  // time), "save/SaveV2" (+ its tensor_names/shape_and_slices Consts), "save/control_dependency"
  // (the prefix, after the save), "save/RestoreV2", one "save/Assign[_k]" per variable and
  // "save/restore_all". `variables` are VariableV2 ref outputs; when empty, every variable in
  // the graph's "variables" collection. Variables are saved sorted by name. InvalidArgument if
  // there is none, one is not a VariableV2, or a name repeats; scope errors are returned.
  static absl::StatusOr<std::unique_ptr<Saver>> Create(const Scope& scope,
                                                       const std::vector<Output>& variables = {},
                                                       const SaverOptions& options = {});

  // Saves every variable's current value as checkpoint `prefix` (`prefix-<global_step>` when
  // given) and returns that path. Then records it as the latest in the `checkpoint` state file of
  // its directory and deletes the checkpoints listed there beyond max_to_keep (after the state
  // file is in place, so a crash never leaves the state naming a deleted checkpoint).
  absl::StatusOr<std::string> Save(Session& session, const std::string& prefix,
                                   std::optional<int64_t> global_step = std::nullopt);

  // Restores every variable from checkpoint `path`. Before touching any variable the checkpoint
  // is checked: every missing name, dtype mismatch and shape mismatch is reported in one error
  // (NotFound when only names are missing, else InvalidArgument), naming each variable.
  absl::Status Restore(Session& session, const std::string& path);

  // The variables, sorted by name.
  const std::vector<SaverVariable>& variables() const { return variables_; }
  // The tensor to feed with the checkpoint path ("save/Const:0").
  const std::string& filename_tensor_name() const { return filename_tensor_; }
  // Fetching it saves ("save/control_dependency:0").
  const std::string& save_tensor_name() const { return save_tensor_; }
  // Running it restores ("save/restore_all").
  const std::string& restore_op_name() const { return restore_op_; }

 private:
  Saver(std::vector<SaverVariable> variables, SaverOptions options)
      : variables_(std::move(variables)), options_(std::move(options)) {}
  // Checks `path` against the variables (see Restore).
  absl::Status CheckCheckpoint(const std::string& path) const;
  // Adds `path` to its directory's state file and drops checkpoints beyond max_to_keep.
  absl::Status UpdateCheckpointState(const std::string& path) const;

  std::vector<SaverVariable> variables_;
  SaverOptions options_;
  std::string filename_tensor_;
  std::string save_tensor_;
  std::string restore_op_;
};

}  // namespace rill

#endif  // RILL_SESSION_SAVER_H_
