// FaultBudget: a byte and operation budget for crash tests; see write_fault.h.
#include "io/write_fault.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace rill::io {

const char* FileOperationName(FileOperation op) {
  switch (op) {
    case FileOperation::kSync:
      return "fsync";
    case FileOperation::kSyncDir:
      return "fsync of directory";
    case FileOperation::kRename:
      return "rename";
    case FileOperation::kDelete:
      return "delete";
  }
  return "unknown operation";
}

FaultBudget::FaultBudget(int64_t byte_budget, int64_t operation_budget, std::function<void()> on_fire)
    : byte_budget_(byte_budget), operation_budget_(operation_budget), on_fire_(std::move(on_fire)) {}

int64_t FaultBudget::AllowBytes(const std::string& path, int64_t n) {
  absl::MutexLock lock(&mu_);
  const int64_t allowed = std::max<int64_t>(0, std::min(n, byte_budget_ - bytes_written_));
  bytes_written_ += allowed;
  if (allowed > 0) log_.push_back(LogEntry{path, allowed, false, FileOperation::kSync});
  return allowed;
}

bool FaultBudget::AllowOperation(FileOperation op, const std::string& path) {
  absl::MutexLock lock(&mu_);
  if (operations_ >= operation_budget_) return false;
  ++operations_;
  log_.push_back(LogEntry{path, 0, true, op});
  return true;
}

absl::Status FaultBudget::Fire(const std::string& what) {
  {
    absl::MutexLock lock(&mu_);
    fired_ = true;
  }
  if (on_fire_) on_fire_();
  return absl::UnavailableError(absl::StrCat("injected write fault: ", what));
}

int64_t FaultBudget::bytes_written() const {
  absl::MutexLock lock(&mu_);
  return bytes_written_;
}

int64_t FaultBudget::operations() const {
  absl::MutexLock lock(&mu_);
  return operations_;
}

bool FaultBudget::fired() const {
  absl::MutexLock lock(&mu_);
  return fired_;
}

std::vector<FaultBudget::LogEntry> FaultBudget::log() const {
  absl::MutexLock lock(&mu_);
  return log_;
}

}  // namespace rill::io
