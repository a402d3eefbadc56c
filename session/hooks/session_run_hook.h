// SessionRunHook: TensorFlow 1.x tf.train.SessionRunHook, the extension point of
// MonitoredSession: Begin, AfterCreateSession, BeforeRun (extra fetches/feeds/targets),
// AfterRun, End; with SessionRunArgs, SessionRunValues and SessionRunContext (RequestStop).
#ifndef RILL_SESSION_HOOKS_SESSION_RUN_HOOK_H_
#define RILL_SESSION_HOOKS_SESSION_RUN_HOOK_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "session/hooks/coordinator.h"
#include "session/session.h"

namespace rill {

// What a Run asks for: fetches (tensor names), feeds and targets (node names).
struct SessionRunArgs {
  std::vector<std::string> fetches;
  std::vector<Feed> feeds;
  std::vector<std::string> targets;
};

// What a hook gets back: the values of ITS fetches, in the order it asked, and the Run's
// metadata.
struct SessionRunValues {
  std::vector<Tensor> results;
  RunMetadata metadata;
};

// The state of one Run as hooks see it.
class SessionRunContext {
 public:
  SessionRunContext(SessionRunArgs original_args, Session* session)
      : original_args_(std::move(original_args)), session_(session) {}

  // The caller's own fetches/feeds/targets (without the hooks' additions).
  const SessionRunArgs& original_args() const { return original_args_; }
  // The session being run (hooks must not Run it from BeforeRun).
  Session* session() const { return session_; }
  // Asks the loop to stop after this Run (MonitoredSession::ShouldStop becomes true).
  void RequestStop() { stop_requested_ = true; }
  bool stop_requested() const { return stop_requested_; }

 private:
  SessionRunArgs original_args_;
  Session* session_;
  bool stop_requested_ = false;
};

// A hook. Every method has a no-op default. An error from any of them ends the training loop
// with that error (MonitoredSession returns it).
class SessionRunHook {
 public:
  virtual ~SessionRunHook() = default;

  // Called once before the session exists; the graph may still be extended through `scope` (its
  // root), e.g. to build a Saver or a summary merge. TensorFlow's begin().
  virtual absl::Status Begin(const Scope& /*scope*/) { return absl::OkStatus(); }
  // Called once the session exists and variables are initialised or restored. The hook may Run
  // the session here.
  virtual absl::Status AfterCreateSession(Session* /*session*/, Coordinator* /*coordinator*/) {
    return absl::OkStatus();
  }
  // Called before each Run; returns what to add to it. Feeds must not collide with the caller's
  // or another hook's.
  virtual absl::StatusOr<SessionRunArgs> BeforeRun(SessionRunContext& /*context*/) {
    return SessionRunArgs();
  }
  // Called after each successful Run with the values of the fetches BeforeRun asked for.
  virtual absl::Status AfterRun(SessionRunContext& /*context*/,
                                const SessionRunValues& /*values*/) {
    return absl::OkStatus();
  }
  // Called once at the end of a loop that finished normally or on end of input (OutOfRange),
  // not after other errors. The hook may Run the session here.
  virtual absl::Status End(Session* /*session*/) { return absl::OkStatus(); }
};

}  // namespace rill

#endif  // RILL_SESSION_HOOKS_SESSION_RUN_HOOK_H_
