// CheckpointManager: saves numbered checkpoints (`<dir>/model.ckpt-<step>`) into a model directory, keeps
// the newest N, and updates the `checkpoint` state file. Crash-safe: a kill at any point leaves the
// previously listed checkpoints readable and listed.
#ifndef RILL_IO_CHECKPOINT_MANAGER_H_
#define RILL_IO_CHECKPOINT_MANAGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "graph/tensor.h"
#include "io/write_fault.h"

namespace rill::io {

struct CheckpointManagerOptions {
  // Checkpoints kept; older ones are deleted after a save. 0 keeps all.
  int max_to_keep = 5;
  // File name stem: checkpoints are `<dir>/<checkpoint_name>-<step>`.
  std::string checkpoint_name = "model.ckpt";
  // Not owned; for crash tests.
  WriteFaultInjector* fault = nullptr;
  // Source of the timestamps recorded in the state file; absl::Now when empty.
  std::function<absl::Time()> clock;
};

class CheckpointManager {
 public:
  // Manages `dir` (created if missing). Checkpoints an existing state file lists are taken over, and
  // temporary files left by an interrupted save are removed.
  static absl::StatusOr<std::unique_ptr<CheckpointManager>> Create(const std::string& dir,
                                                                   const CheckpointManagerOptions& options = {});
  static absl::StatusOr<std::unique_ptr<CheckpointManager>> Create(const std::string& dir, int max_to_keep);

  // Writes the tensors as checkpoint `<dir>/<name>-<step>` and makes it the latest; returns its prefix.
  // Order: bundle files (temporary names, fsync, rename), then the state file (likewise), and only then
  // deletes checkpoints beyond max_to_keep.
  absl::StatusOr<std::string> Save(int64_t step, const std::vector<std::pair<std::string, Tensor>>& tensors);
  absl::StatusOr<std::string> Save(int64_t step, const std::map<std::string, Tensor>& tensors);

  // Prefixes of the kept checkpoints, oldest first.
  const std::vector<std::string>& checkpoints() const { return checkpoints_; }
  // The newest checkpoint, if any.
  std::optional<std::string> latest_checkpoint() const;
  const std::string& directory() const { return dir_; }

 private:
  CheckpointManager(std::string dir, CheckpointManagerOptions options);
  absl::Status Recover();
  absl::Status WriteState(const std::vector<std::string>& kept) const;
  absl::Status DeleteCheckpoint(const std::string& prefix) const;
  std::string Relative(const std::string& prefix) const;
  double Now() const;

  const std::string dir_;
  const CheckpointManagerOptions options_;
  std::vector<std::string> checkpoints_;
  std::map<std::string, double> timestamps_;  // seconds since the epoch, by prefix
};

}  // namespace rill::io

#endif  // RILL_IO_CHECKPOINT_MANAGER_H_
