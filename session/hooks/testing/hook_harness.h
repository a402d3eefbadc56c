// Test helper for hooks: a tiny training graph (minimise x^2 by gradient descent, with a
// global step and a loss summary) and a driver that runs hooks through their whole life
// (Begin, session creation + init, AfterCreateSession, N steps via RunWithHooks, End).
#ifndef RILL_SESSION_HOOKS_TESTING_HOOK_HARNESS_H_
#define RILL_SESSION_HOOKS_TESTING_HOOK_HARNESS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/scope.h"
#include "session/hooks/coordinator.h"
#include "session/hooks/session_run_hook.h"
#include "session/session.h"

namespace rill::testing {

// Node names of the training graph.
inline constexpr char kTrainOp[] = "train";
inline constexpr char kLoss[] = "loss";
inline constexpr char kGlobalStepName[] = "global_step";
inline constexpr char kInitOp[] = "init";
// A float placeholder with default 1.0 that multiplies the loss (FeedFnHook/NaN tests feed it).
inline constexpr char kLossScale[] = "loss_scale";

// Builds into `scope`: x (float, init 3), loss = loss_scale * x^2, "train" (GradientDescent 0.1
// that increments global_step), "init", and a ScalarSummary "loss_summary" in the summaries
// collection.
absl::Status BuildTrainingGraph(const Scope& scope);

// Drives hooks over a fresh training graph.
class HookHarness {
 public:
  // Builds the graph and calls every hook's Begin.
  static absl::StatusOr<std::unique_ptr<HookHarness>> Create(std::vector<SessionRunHook*> hooks);

  // Creates the session from the graph (as extended by Begin), runs "init", then the train op
  // `initial_steps` times without hooks (as if restored from a checkpoint at that step), and
  // calls AfterCreateSession.
  absl::Status CreateSession(int initial_steps = 0);
  // Runs the train op up to `steps` times (fewer if a hook requests a stop); returns how many
  // ran.
  absl::StatusOr<int> Train(int steps, const SessionRunArgs& extra = {});
  // Calls every hook's End.
  absl::Status End();

  Session& session() { return *session_; }
  Coordinator& coordinator() { return coordinator_; }
  const Scope& scope() const { return scope_; }
  bool stop_requested() const { return stop_requested_; }

 private:
  HookHarness(Scope scope, std::vector<SessionRunHook*> hooks)
      : scope_(std::move(scope)), hooks_(std::move(hooks)) {}

  Scope scope_;
  std::vector<SessionRunHook*> hooks_;
  std::unique_ptr<Session> session_;
  Coordinator coordinator_;
  bool stop_requested_ = false;
};

}  // namespace rill::testing

#endif  // RILL_SESSION_HOOKS_TESTING_HOOK_HARNESS_H_
