// One step with hooks, as MonitoredSession runs it: every hook's BeforeRun, one Session::Run of
// the caller's request merged with the hooks' additions, then every hook's AfterRun.
#ifndef RILL_SESSION_HOOKS_HOOK_RUNNER_H_
#define RILL_SESSION_HOOKS_HOOK_RUNNER_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "session/hooks/session_run_hook.h"
#include "session/session.h"

namespace rill {

// Runs `args` on `session` with `hooks` (in order). On success `outputs` holds the caller's
// fetches and `*stop_requested` says whether a hook called RequestStop. A feed given twice (by
// the caller and a hook, or two hooks) is InvalidArgument naming the feed. The first error of a
// hook or of the Run is returned (AfterRun is not called after a failed Run).
absl::Status RunWithHooks(Session& session, absl::Span<SessionRunHook* const> hooks,
                          const SessionRunArgs& args, std::vector<Tensor>* outputs,
                          bool* stop_requested);

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_HOOK_RUNNER_H_
