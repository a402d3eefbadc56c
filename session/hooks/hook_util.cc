// Global-step lookup and scalar reads for hooks (see hook_util.h).
#include "session/hooks/hook_util.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph.h"
#include "ops/training/variables.h"

namespace rill {

void DefaultLogSink(const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }

void WriteLog(const LogSink& sink, const std::string& line) {
  if (sink) {
    sink(line);
  } else {
    DefaultLogSink(line);
  }
}

std::string FormatTensorValue(const Tensor& t) {
  if (t.shape().rank() != 0) return t.DebugString();
  switch (t.dtype()) {
    case DT_FLOAT: return absl::StrCat(*t.data<float>());
    case DT_DOUBLE: return absl::StrCat(*t.data<double>());
    case DT_INT32: return absl::StrCat(*t.data<int32_t>());
    case DT_INT64: return absl::StrCat(*t.data<int64_t>());
    case DT_BOOL: return *t.data<bool>() ? "true" : "false";
    case DT_STRING: return *t.data<std::string>();
    default: return t.DebugString();
  }
}

absl::StatusOr<std::string> FindGlobalStep(const Scope& scope, const std::string& who) {
  const std::vector<Node*>& steps = scope.graph()->GetCollection(train::kGlobalStep);
  if (!steps.empty()) return steps.front()->name();
  if (scope.graph()->FindNode("global_step") != nullptr) return std::string("global_step");
  return absl::FailedPreconditionError(
      absl::StrCat("Global step should be created to use ", who));
}

absl::StatusOr<int64_t> ScalarToInt64(const Tensor& t, const std::string& what) {
  if (t.shape().rank() == 0 && t.dtype() == DT_INT64) return *t.data<int64_t>();
  if (t.shape().rank() == 0 && t.dtype() == DT_INT32) return *t.data<int32_t>();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " must be an int32 or int64 scalar, got ", t.DebugString()));
}

absl::StatusOr<double> ScalarToDouble(const Tensor& t, const std::string& what) {
  if (t.shape().rank() == 0 && t.dtype() == DT_FLOAT) return *t.data<float>();
  if (t.shape().rank() == 0 && t.dtype() == DT_DOUBLE) return *t.data<double>();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " must be a float or double scalar, got ", t.DebugString()));
}

absl::StatusOr<int64_t> ReadInt64(Session& session, const std::string& name) {
  std::vector<Tensor> out;
  RETURN_IF_ERROR(session.Run({}, {name}, {}, &out));
  return ScalarToInt64(out[0], absl::StrCat("'", name, "'"));
}

}  // namespace rill
