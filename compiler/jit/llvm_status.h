// The one place where llvm::Error and llvm::Expected become absl::Status (see DESIGN.md: errors).
#ifndef RILL_COMPILER_JIT_LLVM_STATUS_H_
#define RILL_COMPILER_JIT_LLVM_STATUS_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "llvm/Support/Error.h"

namespace rill::jit {

// Consumes `error`. An LLVM failure inside rill's compiler is rill's bug surfacing, so it maps to
// Internal, prefixed with what was being done.
inline absl::Status ToStatus(llvm::Error error, absl::string_view context) {
  if (!error) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(context, ": ", llvm::toString(std::move(error))));
}

// Consumes `expected`, returning its value or ToStatus of its error.
template <typename T>
absl::StatusOr<T> ToStatusOr(llvm::Expected<T> expected, absl::string_view context) {
  if (!expected) return ToStatus(expected.takeError(), context);
  return std::move(*expected);
}

}  // namespace rill::jit

#endif  // RILL_COMPILER_JIT_LLVM_STATUS_H_
