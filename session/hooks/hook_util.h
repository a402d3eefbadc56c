// Helpers the built-in hooks share: finding the global step in a graph and reading scalars
// (global step, loss) from fetched tensors.
#ifndef RILL_SESSION_HOOKS_HOOK_UTIL_H_
#define RILL_SESSION_HOOKS_HOOK_UTIL_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "session/session.h"

namespace rill {

// Where hooks write their log lines; DefaultLogSink (stderr) when empty.
using LogSink = std::function<void(const std::string&)>;
// Writes `line` and a newline to stderr.
void DefaultLogSink(const std::string& line);
// `sink(line)`, or DefaultLogSink(line) when `sink` is empty.
void WriteLog(const LogSink& sink, const std::string& line);
// A tensor for a log line: a scalar's value ("0.25", "7", "true", the string itself), else the
// tensor's DebugString.
std::string FormatTensorValue(const Tensor& t);

// The node name of the graph's global step (the kGlobalStep collection, else a node named
// "global_step"); FailedPrecondition naming `who` when there is none.
absl::StatusOr<std::string> FindGlobalStep(const Scope& scope, const std::string& who);

// The value of an int32/int64 scalar tensor; InvalidArgument naming `what` otherwise.
absl::StatusOr<int64_t> ScalarToInt64(const Tensor& t, const std::string& what);
// The value of a float/double scalar tensor as double; InvalidArgument naming `what` otherwise.
absl::StatusOr<double> ScalarToDouble(const Tensor& t, const std::string& what);

// Fetches the int scalar `name` in its own Run.
absl::StatusOr<int64_t> ReadInt64(Session& session, const std::string& name);

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_HOOK_UTIL_H_
