// Coordinator: TensorFlow's tf.train.Coordinator. Hooks and background threads request a stop,
// check for one, and report an error that ends the training loop (the first one is kept).
#ifndef RILL_SESSION_HOOKS_COORDINATOR_H_
#define RILL_SESSION_HOOKS_COORDINATOR_H_

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace rill {

// Thread-safe.
class Coordinator {
 public:
  // Asks everyone to stop.
  void RequestStop();
  // True once a stop was requested (or an error reported).
  bool ShouldStop() const;
  // Records `error` (the first non-OK one wins) and requests a stop. OK is ignored.
  void ReportError(const absl::Status& error);
  // The first reported error, or OK.
  absl::Status status() const;
  // Blocks until a stop is requested or `timeout` passes; returns ShouldStop().
  bool WaitForStop(absl::Duration timeout) const;

 private:
  mutable absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_COORDINATOR_H_
