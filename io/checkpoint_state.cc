// The `checkpoint` state file; see checkpoint_state.h.
#include "io/checkpoint_state.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/bundle_format.h"
#include "io/file_system.h"

namespace rill::io {
namespace {

// The state file is a few lines; anything huge is not one.
constexpr int64_t kMaxStateFileBytes = int64_t{16} << 20;

// Keeps the first syntax error with its position.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    if (error_.empty()) error_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
  }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

}  // namespace

std::string CheckpointStateToText(const CheckpointState& state) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(state, &text);
  return text;
}

absl::StatusOr<CheckpointState> ParseCheckpointState(absl::string_view text, absl::string_view filename) {
  CheckpointState state;
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &state)) {
    return absl::InvalidArgumentError(absl::StrCat("cannot parse checkpoint state '", filename, "': ",
                                                   errors.error().empty() ? "syntax error" : errors.error()));
  }
  return state;
}

absl::StatusOr<CheckpointState> ReadCheckpointState(const std::string& dir) {
  const std::string path = JoinPath(dir, kCheckpointStateFilename);
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, kMaxStateFileBytes));
  return ParseCheckpointState(text, path);
}

absl::Status WriteCheckpointState(const std::string& dir, const CheckpointState& state,
                                  WriteFaultInjector* fault) {
  return WriteFileAtomically(JoinPath(dir, kCheckpointStateFilename), CheckpointStateToText(state), fault);
}

std::string ResolveCheckpointPath(const std::string& dir, const std::string& path) {
  return JoinPath(dir, path);  // JoinPath keeps absolute paths as they are
}

absl::StatusOr<std::string> LatestCheckpoint(const std::string& dir) {
  ASSIGN_OR_RETURN(CheckpointState state, ReadCheckpointState(dir));
  if (state.model_checkpoint_path().empty()) {
    return absl::NotFoundError(absl::StrCat("checkpoint state in '", dir, "' names no checkpoint"));
  }
  const std::string prefix = ResolveCheckpointPath(dir, state.model_checkpoint_path());
  if (!FileExists(MetaFilename(prefix))) {
    return absl::NotFoundError(absl::StrCat("latest checkpoint '", prefix, "' named in '",
                                            JoinPath(dir, kCheckpointStateFilename), "' has no index file"));
  }
  return prefix;
}

}  // namespace rill::io
