// FinalOpsHook (see final_ops_hook.h).
#include "session/hooks/final_ops_hook.h"

#include "base/status_macros.h"

namespace rill {

absl::Status FinalOpsHook::End(Session* session) {
  if (final_ops_.empty() && final_targets_.empty()) return absl::OkStatus();
  RETURN_IF_ERROR_WITH_CONTEXT(session->Run(feeds_, final_ops_, final_targets_, &values_),
                               "FinalOpsHook");
  return absl::OkStatus();
}

}  // namespace rill
