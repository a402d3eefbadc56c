// Coordinator: a stop flag and the first error, under one mutex (see coordinator.h).
#include "session/hooks/coordinator.h"

namespace rill {

void Coordinator::RequestStop() {
  absl::MutexLock lock(&mu_);
  stop_ = true;
}

bool Coordinator::ShouldStop() const {
  absl::MutexLock lock(&mu_);
  return stop_;
}

void Coordinator::ReportError(const absl::Status& error) {
  if (error.ok()) return;
  absl::MutexLock lock(&mu_);
  if (error_.ok()) error_ = error;
  stop_ = true;
}

absl::Status Coordinator::status() const {
  absl::MutexLock lock(&mu_);
  return error_;
}

bool Coordinator::WaitForStop(absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stop_), timeout);
  return stop_;
}

}  // namespace rill
