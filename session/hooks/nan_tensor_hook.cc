// NanTensorHook (see nan_tensor_hook.h).
#include "session/hooks/nan_tensor_hook.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace rill {

absl::StatusOr<SessionRunArgs> NanTensorHook::BeforeRun(SessionRunContext& /*context*/) {
  return SessionRunArgs{.fetches = {loss_tensor_}};
}

absl::Status NanTensorHook::AfterRun(SessionRunContext& context, const SessionRunValues& values) {
  ASSIGN_OR_RETURN(double loss,
                   ScalarToDouble(values.results[0], absl::StrCat("loss '", loss_tensor_, "'")));
  if (!std::isnan(loss)) return absl::OkStatus();
  if (fail_) {
    return absl::InvalidArgumentError(
        absl::StrCat("NaN loss during training. (tensor '", loss_tensor_, "')"));
  }
  WriteLog(sink_, "Model diverged with loss = NaN.");
  context.RequestStop();
  return absl::OkStatus();
}

}  // namespace rill
