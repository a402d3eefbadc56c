// Saver: the save/restore subgraph, Save with checkpoint-state bookkeeping, and Restore with an
// up-front check of the checkpoint against the variables (see saver.h).
#include "session/saver.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "graph/graph.h"
#include "graph/types.h"
#include "io/bundle_reader.h"
#include "io/checkpoint_state.h"
#include "io/file_system.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/io_ops.h"
#include "ops/state_ops.h"

namespace rill {
namespace {

// The ref Output of a VariableV2 node, from its dtype and shape attrs.
absl::StatusOr<Output> VariableOutput(Node* node) {
  auto dtype = node->attrs().find("dtype");
  auto shape = node->attrs().find("shape");
  if (dtype == node->attrs().end() || shape == node->attrs().end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("variable '", node->name(), "' lacks its dtype or shape attr"));
  }
  ASSIGN_OR_RETURN(PartialShape partial, PartialShape::FromProto(shape->second.shape()));
  return Output(node, 0, MakeRefType(dtype->second.type()), partial);
}

// The variables to save: `given`, or the graph's variables collection.
absl::StatusOr<std::vector<Output>> SelectVariables(const Scope& scope,
                                                    const std::vector<Output>& given) {
  if (!given.empty()) return given;
  std::vector<Output> out;
  for (Node* node : scope.graph()->GetCollection(collection_keys::kVariables)) {
    ASSIGN_OR_RETURN(Output v, VariableOutput(node));
    out.push_back(v);
  }
  return out;
}

// Deletes the files of checkpoint `prefix` (.index and every data shard).
absl::Status DeleteCheckpointFiles(const std::string& prefix) {
  const std::string dir = io::Dirname(prefix);
  const std::string stem = io::Basename(prefix);
  ASSIGN_OR_RETURN(std::vector<std::string> files, io::ListDir(dir.empty() ? "." : dir));
  for (const std::string& f : files) {
    if (f == stem + ".index" || absl::StartsWith(f, stem + ".data-")) {
      RETURN_IF_ERROR(io::DeleteFile(io::JoinPath(dir, f)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Saver>> Saver::Create(const Scope& scope,
                                                     const std::vector<Output>& variables,
                                                     const SaverOptions& options) {
  RETURN_IF_ERROR(scope.status());
  if (options.max_to_keep < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("SaverOptions.max_to_keep must be >= 0, got ", options.max_to_keep));
  }
  ASSIGN_OR_RETURN(std::vector<Output> vars, SelectVariables(scope, variables));
  if (vars.empty()) return absl::InvalidArgumentError("Saver: no variables to save");
  std::sort(vars.begin(), vars.end(), [](const Output& a, const Output& b) {
    return a.node()->name() < b.node()->name();
  });
  std::vector<SaverVariable> saved;
  std::vector<std::string> names;
  for (const Output& v : vars) {
    if (!v.valid() || v.node()->op() != "VariableV2" || !IsRefType(v.dtype())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Saver: '", v.valid() ? v.name() : "<invalid>", "' is not a VariableV2 ref output"));
    }
    if (!names.empty() && names.back() == v.node()->name()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Saver: variable '", v.node()->name(), "' is listed twice"));
    }
    names.push_back(v.node()->name());
    saved.push_back({v.node()->name(), BaseType(v.dtype()), v.shape()});
  }
  const int64_t n = static_cast<int64_t>(vars.size());
  std::vector<DataType> dtypes;
  for (const SaverVariable& v : saved) dtypes.push_back(v.dtype);

  auto saver = std::unique_ptr<Saver>(new Saver(std::move(saved), options));
  const Scope s = scope.NewSubScope(options.name).WithNoControlDependencies();
  Output filename_input = ops::Const(s.WithOpName("filename/input"), "model");
  Output filename =
      ops::PlaceholderWithDefault(s.WithOpName("filename"), filename_input, PartialShape::Scalar());
  Output prefix = ops::PlaceholderWithDefault(s.WithOpName("Const"), filename, PartialShape::Scalar());
  const std::vector<std::string> slices(vars.size(), "");
  Operation save = ops::SaveV2(
      s.WithOpName("SaveV2"), prefix,
      ops::Const(s.WithOpName("SaveV2/tensor_names"), names, TensorShape({n})),
      ops::Const(s.WithOpName("SaveV2/shape_and_slices"), slices, TensorShape({n})), vars);
  Output saved_prefix =
      ops::Identity(s.WithOpName("control_dependency").WithControlDependencies({save}), prefix);
  std::vector<Output> restored = ops::RestoreV2(
      s.WithOpName("RestoreV2"), prefix,
      ops::Const(s.WithOpName("RestoreV2/tensor_names"), names, TensorShape({n})),
      ops::Const(s.WithOpName("RestoreV2/shape_and_slices"), slices, TensorShape({n})), dtypes);
  RETURN_IF_ERROR(s.status());
  std::vector<Operation> assigns;
  for (size_t i = 0; i < vars.size(); ++i) {
    const std::string name = i == 0 ? "Assign" : absl::StrCat("Assign_", i);
    Output assign = ops::Assign(s.WithOpName(name), vars[i], restored[i]);
    RETURN_IF_ERROR(s.status());
    assigns.push_back(Operation(assign.node(), {assign}));
  }
  Operation restore_all = ops::NoOp(s.WithOpName("restore_all").WithControlDependencies(assigns));
  RETURN_IF_ERROR(s.status());
  saver->filename_tensor_ = prefix.name();
  saver->save_tensor_ = saved_prefix.name();
  saver->restore_op_ = restore_all.name();
  return saver;
}

absl::StatusOr<std::string> Saver::Save(Session& session, const std::string& prefix,
                                        std::optional<int64_t> global_step) {
  if (prefix.empty()) return absl::InvalidArgumentError("Saver::Save: empty prefix");
  const std::string path =
      global_step.has_value() ? absl::StrCat(prefix, "-", *global_step) : prefix;
  std::vector<Tensor> out;
  RETURN_IF_ERROR_WITH_CONTEXT(
      session.Run({{filename_tensor_, Tensor::Scalar<std::string>(path)}}, {save_tensor_}, {},
                  &out),
      absl::StrCat("saving checkpoint '", path, "'"));
  RETURN_IF_ERROR(UpdateCheckpointState(path));
  return path;
}

absl::Status Saver::UpdateCheckpointState(const std::string& path) const {
  const std::string dir = io::Dirname(path);
  absl::StatusOr<CheckpointState> read = io::ReadCheckpointState(dir);
  if (!read.ok() && !absl::IsNotFound(read.status())) return read.status();
  std::vector<std::string> kept;
  if (read.ok()) {
    for (const std::string& p : read->all_model_checkpoint_paths()) {
      const std::string resolved = io::ResolveCheckpointPath(dir, p);
      if (resolved != path) kept.push_back(resolved);
    }
  }
  kept.push_back(path);
  std::vector<std::string> dropped;
  if (options_.max_to_keep > 0 && static_cast<int>(kept.size()) > options_.max_to_keep) {
    const size_t drop = kept.size() - options_.max_to_keep;
    dropped.assign(kept.begin(), kept.begin() + drop);
    kept.erase(kept.begin(), kept.begin() + drop);
  }
  // Paths inside `dir` are recorded relative to it, as TensorFlow does.
  auto relative = [&](const std::string& p) {
    return io::Dirname(p) == dir ? io::Basename(p) : p;
  };
  CheckpointState state;
  state.set_model_checkpoint_path(relative(path));
  for (const std::string& p : kept) state.add_all_model_checkpoint_paths(relative(p));
  RETURN_IF_ERROR(io::WriteCheckpointState(dir, state));
  for (const std::string& p : dropped) RETURN_IF_ERROR(DeleteCheckpointFiles(p));
  return absl::OkStatus();
}

absl::Status Saver::CheckCheckpoint(const std::string& path) const {
  ASSIGN_OR_RETURN(std::unique_ptr<io::BundleReader> reader, io::BundleReader::Open(path));
  std::vector<std::string> problems;
  bool only_missing = true;
  for (const SaverVariable& v : variables_) {
    absl::StatusOr<io::BundleEntryInfo> entry = reader->GetEntry(v.name);
    if (!entry.ok()) {
      problems.push_back(absl::StrCat("variable '", v.name, "' not found in checkpoint"));
      continue;
    }
    if (entry->dtype != v.dtype) {
      only_missing = false;
      problems.push_back(absl::StrCat("variable '", v.name, "': checkpoint dtype ",
                                      DataTypeString(entry->dtype), ", graph dtype ",
                                      DataTypeString(v.dtype)));
    }
    if (!v.shape.IsCompatibleWith(entry->shape.AsPartial())) {
      only_missing = false;
      problems.push_back(absl::StrCat("variable '", v.name, "': checkpoint shape ",
                                      entry->shape.DebugString(), ", graph shape ",
                                      v.shape.DebugString()));
    }
  }
  if (problems.empty()) return absl::OkStatus();
  const std::string message =
      absl::StrCat("restoring from checkpoint '", path, "': ", problems.size(),
                   problems.size() == 1 ? " mismatch: " : " mismatches: ",
                   absl::StrJoin(problems, "; "));
  return only_missing ? absl::NotFoundError(message) : absl::InvalidArgumentError(message);
}

absl::Status Saver::Restore(Session& session, const std::string& path) {
  RETURN_IF_ERROR(CheckCheckpoint(path));
  std::vector<Tensor> out;
  RETURN_IF_ERROR_WITH_CONTEXT(
      session.Run({{filename_tensor_, Tensor::Scalar<std::string>(path)}}, {}, {restore_op_},
                  &out),
      absl::StrCat("restoring from checkpoint '", path, "'"));
  return absl::OkStatus();
}

}  // namespace rill
