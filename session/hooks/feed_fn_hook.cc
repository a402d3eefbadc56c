// FeedFnHook (see feed_fn_hook.h).
#include "session/hooks/feed_fn_hook.h"

#include "base/status_macros.h"

namespace rill {

absl::StatusOr<SessionRunArgs> FeedFnHook::BeforeRun(SessionRunContext& /*context*/) {
  SessionRunArgs args;
  ASSIGN_OR_RETURN(args.feeds, feed_fn_());
  return args;
}

}  // namespace rill
