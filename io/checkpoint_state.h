// The `checkpoint` state file of a model directory: a text-format CheckpointState naming the latest
// checkpoint and the ones kept, with paths relative to the directory, as TensorFlow writes it.
#ifndef RILL_IO_CHECKPOINT_STATE_H_
#define RILL_IO_CHECKPOINT_STATE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/checkpoint_state.pb.h"
#include "io/write_fault.h"

namespace rill::io {

// Name of the state file inside a model directory.
inline constexpr absl::string_view kCheckpointStateFilename = "checkpoint";

// Text format, e.g. `model_checkpoint_path: "model.ckpt-20"` then one `all_model_checkpoint_paths` line
// per kept checkpoint.
std::string CheckpointStateToText(const CheckpointState& state);
// Parses the text format; InvalidArgument naming `filename`, line and column on a syntax error.
absl::StatusOr<CheckpointState> ParseCheckpointState(absl::string_view text, absl::string_view filename);

// Reads `<dir>/checkpoint`; NotFound if there is none.
absl::StatusOr<CheckpointState> ReadCheckpointState(const std::string& dir);
// Writes `<dir>/checkpoint` atomically (temporary file, fsync, rename, fsync of the directory).
absl::Status WriteCheckpointState(const std::string& dir, const CheckpointState& state,
                                  WriteFaultInjector* fault = nullptr);

// A path from a state file as a usable prefix: relative paths are relative to `dir`.
std::string ResolveCheckpointPath(const std::string& dir, const std::string& path);

// The prefix of the latest checkpoint in `dir` (`<dir>/model.ckpt-20`). NotFound if there is no state file,
// it names no checkpoint, or that checkpoint's .index file is missing.
absl::StatusOr<std::string> LatestCheckpoint(const std::string& dir);

}  // namespace rill::io

#endif  // RILL_IO_CHECKPOINT_STATE_H_
