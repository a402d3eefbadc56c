// FeedFnHook: TensorFlow's tf.train.FeedFnHook: adds the feeds a function returns to every Run.
#ifndef RILL_SESSION_HOOKS_FEED_FN_HOOK_H_
#define RILL_SESSION_HOOKS_FEED_FN_HOOK_H_

#include <functional>
#include <vector>

#include "session/hooks/session_run_hook.h"

namespace rill {

class FeedFnHook : public SessionRunHook {
 public:
  // `feed_fn` is called once per Run; an error from it ends the loop (OutOfRange = end of input).
  explicit FeedFnHook(std::function<absl::StatusOr<std::vector<Feed>>()> feed_fn)
      : feed_fn_(std::move(feed_fn)) {}

  absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& context) override;

 private:
  std::function<absl::StatusOr<std::vector<Feed>>()> feed_fn_;
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_FEED_FN_HOOK_H_
