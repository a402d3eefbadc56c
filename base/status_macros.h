// RETURN_IF_ERROR / ASSIGN_OR_RETURN: early-return helpers for absl::Status(Or) (Abseil 20220623 lacks them).
#ifndef RILL_BASE_STATUS_MACROS_H_
#define RILL_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace rill::internal {

// Returns `status` with `context` prepended to its message, keeping the code. OK stays OK.
inline absl::Status AddContext(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

inline const absl::Status& AsStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& AsStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

}  // namespace rill::internal

#define RILL_STATUS_CONCAT_INNER_(a, b) a##b
#define RILL_STATUS_CONCAT_(a, b) RILL_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status or absl::StatusOr) once; returns its status from the
// enclosing function if it is not OK.
#define RETURN_IF_ERROR(expr)                                                          \
  do {                                                                                 \
    const absl::Status rill_status_ = ::rill::internal::AsStatus((expr));              \
    if (!rill_status_.ok()) return rill_status_;                                       \
  } while (false)

// As RETURN_IF_ERROR, but prefixes the message with `context` ("while loading 'x'").
#define RETURN_IF_ERROR_WITH_CONTEXT(expr, context)                                    \
  do {                                                                                 \
    const absl::Status rill_status_ = ::rill::internal::AsStatus((expr));              \
    if (!rill_status_.ok()) return ::rill::internal::AddContext(rill_status_, (context)); \
  } while (false)

// ASSIGN_OR_RETURN(lhs, expr): evaluates the absl::StatusOr `expr`; on error returns its
// status, otherwise moves the value into `lhs` (which may be a declaration: `auto x`).
#define ASSIGN_OR_RETURN(lhs, expr) \
  RILL_ASSIGN_OR_RETURN_IMPL_(RILL_STATUS_CONCAT_(rill_statusor_, __LINE__), lhs, expr)

#define RILL_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // RILL_BASE_STATUS_MACROS_H_
