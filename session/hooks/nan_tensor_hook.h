// NanTensorHook: TensorFlow's tf.train.NanTensorHook: fetches the loss every step and, when it
// is NaN, fails the training loop or (fail_on_nan_loss = false) logs and requests a stop.
#ifndef RILL_SESSION_HOOKS_NAN_TENSOR_HOOK_H_
#define RILL_SESSION_HOOKS_NAN_TENSOR_HOOK_H_

#include <string>

#include "session/hooks/hook_util.h"
#include "session/hooks/session_run_hook.h"

namespace rill {

class NanTensorHook : public SessionRunHook {
 public:
  // `loss_tensor`: a float/double scalar tensor name.
  explicit NanTensorHook(std::string loss_tensor, bool fail_on_nan_loss = true, LogSink sink = {})
      : loss_tensor_(std::move(loss_tensor)), fail_(fail_on_nan_loss), sink_(std::move(sink)) {}

  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& context) override;
  // InvalidArgument "NaN loss during training." (or a stop request) when the loss is NaN.
  absl::Status AfterRun(SessionRunContext& context, const SessionRunValues& values) override;

 private:
  std::string loss_tensor_;
  bool fail_;
  LogSink sink_;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_NAN_TENSOR_HOOK_H_
