// FinalOpsHook: TensorFlow's tf.train.FinalOpsHook: runs the given tensors/ops once in End()
// (e.g. final evaluation metrics) and keeps their values.
#ifndef RILL_SESSION_HOOKS_FINAL_OPS_HOOK_H_
#define RILL_SESSION_HOOKS_FINAL_OPS_HOOK_H_

#include <string>
#include <vector>

#include "session/hooks/session_run_hook.h"

namespace rill {

class FinalOpsHook : public SessionRunHook {
 public:
  // `final_ops`: tensor names to fetch; `final_targets`: ops to run; `feeds`: fed at that Run.
  FinalOpsHook(std::vector<std::string> final_ops, std::vector<std::string> final_targets = {},
               std::vector<Feed> feeds = {})
      : final_ops_(std::move(final_ops)),
        final_targets_(std::move(final_targets)),
        feeds_(std::move(feeds)) {}

  absl::Status End(Session* session) override;

  // The values of final_ops after End() (empty before).
  const std::vector<Tensor>& final_ops_values() const { return values_; }

 private:
  std::vector<std::string> final_ops_;
  std::vector<std::string> final_targets_;
  std::vector<Feed> feeds_;
  std::vector<Tensor> values_;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_FINAL_OPS_HOOK_H_
