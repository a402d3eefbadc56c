// Crash-safe numbered checkpoints with retention; see checkpoint_manager.h.
#include "io/checkpoint_manager.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/bundle_format.h"
#include "io/bundle_writer.h"
#include "io/checkpoint_state.h"
#include "io/file_system.h"

namespace rill::io {

absl::StatusOr<std::unique_ptr<CheckpointManager>> CheckpointManager::Create(
    const std::string& dir, const CheckpointManagerOptions& options) {
  if (dir.empty()) return absl::InvalidArgumentError("checkpoint directory is empty");
  if (options.max_to_keep < 0) {
    return absl::InvalidArgumentError(absl::StrCat("max_to_keep must be >= 0, got ", options.max_to_keep));
  }
  if (options.checkpoint_name.empty() || absl::StrContains(options.checkpoint_name, '/')) {
    return absl::InvalidArgumentError(absl::StrCat("bad checkpoint name '", options.checkpoint_name, "'"));
  }
  RETURN_IF_ERROR(CreateDirRecursively(dir));
  std::unique_ptr<CheckpointManager> manager(new CheckpointManager(dir, options));
  RETURN_IF_ERROR(manager->Recover());
  return manager;
}

absl::StatusOr<std::unique_ptr<CheckpointManager>> CheckpointManager::Create(const std::string& dir,
                                                                             int max_to_keep) {
  CheckpointManagerOptions options;
  options.max_to_keep = max_to_keep;
  return Create(dir, options);
}

CheckpointManager::CheckpointManager(std::string dir, CheckpointManagerOptions options)
    : dir_(std::move(dir)), options_(std::move(options)) {}

double CheckpointManager::Now() const {
  const absl::Time t = options_.clock ? options_.clock() : absl::Now();
  return absl::ToUnixMicros(t) / 1e6;
}

std::string CheckpointManager::Relative(const std::string& prefix) const {
  // Everything JoinPath(dir_, name) puts before `name`.
  const std::string with_name = JoinPath(dir_, "x");
  const std::string dir_and_slash = with_name.substr(0, with_name.size() - 1);
  if (absl::StartsWith(prefix, dir_and_slash)) return prefix.substr(dir_and_slash.size());
  return prefix;
}

absl::Status CheckpointManager::Recover() {
  // Leftovers of an interrupted save: never referenced by a state file, safe to remove.
  ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(dir_));
  for (const std::string& name : names) {
    const bool ours = absl::StartsWith(name, options_.checkpoint_name + "-") ||
                      absl::StartsWith(name, kCheckpointStateFilename);
    if (ours && IsTempFilename(name)) DeleteFile(JoinPath(dir_, name)).IgnoreError();
  }
  absl::StatusOr<CheckpointState> state = ReadCheckpointState(dir_);
  if (absl::IsNotFound(state.status())) return absl::OkStatus();
  RETURN_IF_ERROR(state.status());
  for (int i = 0; i < state->all_model_checkpoint_paths_size(); ++i) {
    const std::string prefix = ResolveCheckpointPath(dir_, state->all_model_checkpoint_paths(i));
    checkpoints_.push_back(prefix);
    if (i < state->all_model_checkpoint_timestamps_size()) {
      timestamps_[prefix] = state->all_model_checkpoint_timestamps(i);
    }
  }
  // TF lists the latest in all_model_checkpoint_paths too; keep it last if an older writer did not.
  if (!state->model_checkpoint_path().empty()) {
    const std::string latest = ResolveCheckpointPath(dir_, state->model_checkpoint_path());
    checkpoints_.erase(std::remove(checkpoints_.begin(), checkpoints_.end(), latest), checkpoints_.end());
    checkpoints_.push_back(latest);
  }
  return absl::OkStatus();
}

std::optional<std::string> CheckpointManager::latest_checkpoint() const {
  if (checkpoints_.empty()) return std::nullopt;
  return checkpoints_.back();
}

absl::Status CheckpointManager::WriteState(const std::vector<std::string>& kept) const {
  CheckpointState state;
  if (!kept.empty()) state.set_model_checkpoint_path(Relative(kept.back()));
  for (const std::string& prefix : kept) {
    state.add_all_model_checkpoint_paths(Relative(prefix));
    const auto it = timestamps_.find(prefix);
    state.add_all_model_checkpoint_timestamps(it != timestamps_.end() ? it->second : 0.0);
  }
  return WriteCheckpointState(dir_, state, options_.fault);
}

absl::Status CheckpointManager::DeleteCheckpoint(const std::string& prefix) const {
  // The index first: without it the leftovers no longer look like a checkpoint.
  const std::string index = MetaFilename(prefix);
  if (FileExists(index)) RETURN_IF_ERROR(DeleteFile(index, options_.fault));
  const std::string dir = Dirname(prefix);
  const std::string data_stem = Basename(prefix) + ".data-";
  ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(dir));
  for (const std::string& name : names) {
    if (absl::StartsWith(name, data_stem)) RETURN_IF_ERROR(DeleteFile(JoinPath(dir, name), options_.fault));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> CheckpointManager::Save(int64_t step,
                                                    const std::map<std::string, Tensor>& tensors) {
  return Save(step, std::vector<std::pair<std::string, Tensor>>(tensors.begin(), tensors.end()));
}

absl::StatusOr<std::string> CheckpointManager::Save(
    int64_t step, const std::vector<std::pair<std::string, Tensor>>& tensors) {
  if (step < 0) return absl::InvalidArgumentError(absl::StrCat("checkpoint step must be >= 0, got ", step));
  const std::string prefix = JoinPath(dir_, absl::StrCat(options_.checkpoint_name, "-", step));

  // Re-saving a listed step: unlist it first, so that a crash while its files are replaced cannot leave
  // the state file pointing at a half-written checkpoint.
  auto existing = std::find(checkpoints_.begin(), checkpoints_.end(), prefix);
  if (existing != checkpoints_.end()) {
    std::vector<std::string> without = checkpoints_;
    without.erase(without.begin() + (existing - checkpoints_.begin()));
    RETURN_IF_ERROR(WriteState(without));
    checkpoints_ = std::move(without);
  }

  ASSIGN_OR_RETURN(std::unique_ptr<BundleWriter> writer, BundleWriter::Create(prefix, {.fault = options_.fault}));
  for (const auto& [name, tensor] : tensors) {
    RETURN_IF_ERROR_WITH_CONTEXT(writer->Add(name, tensor), absl::StrCat("saving checkpoint '", prefix, "'"));
  }
  RETURN_IF_ERROR(writer->Finish());

  std::vector<std::string> kept = checkpoints_;
  kept.push_back(prefix);
  timestamps_[prefix] = Now();
  std::vector<std::string> dropped;
  if (options_.max_to_keep > 0 && static_cast<int>(kept.size()) > options_.max_to_keep) {
    const size_t n = kept.size() - options_.max_to_keep;
    dropped.assign(kept.begin(), kept.begin() + n);
    kept.erase(kept.begin(), kept.begin() + n);
  }
  RETURN_IF_ERROR(WriteState(kept));
  checkpoints_ = std::move(kept);

  // Only now, with the new state durable, may old checkpoints go.
  for (const std::string& old : dropped) {
    timestamps_.erase(old);
    RETURN_IF_ERROR_WITH_CONTEXT(DeleteCheckpoint(old),
                                 absl::StrCat("checkpoint '", prefix, "' was saved, but deleting the old checkpoint '",
                                              old, "' failed"));
  }
  return prefix;
}

}  // namespace rill::io
