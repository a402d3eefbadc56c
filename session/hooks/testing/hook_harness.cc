// The hook test harness (see hook_harness.h).
#include "session/hooks/testing/hook_harness.h"

#include "base/status_macros.h"
#include "graph/graph.h"
#include "ops/array_ops.h"
#include "ops/control_ops.h"
#include "ops/io_ops.h"
#include "ops/math_ops.h"
#include "ops/training/optimizer.h"
#include "ops/training/variables.h"
#include "session/hooks/hook_runner.h"

namespace rill::testing {

absl::Status BuildTrainingGraph(const Scope& scope) {
  const Scope& s = scope;
  train::GraphVariable x = train::CreateVariable(s.WithOpName("x"), ops::Const(s, 3.0f));
  ASSIGN_OR_RETURN(train::GraphVariable step, train::GetOrCreateGlobalStep(s));
  Output scale = ops::PlaceholderWithDefault(s.WithOpName(kLossScale), ops::Const(s, 1.0f),
                                             PartialShape::Scalar());
  Output loss = ops::Mul(s.WithOpName(kLoss), scale, ops::Square(s, x.ref));
  train::GradientDescentOptimizer sgd(0.1);
  ASSIGN_OR_RETURN(Operation minimize,
                   sgd.Minimize(s, loss, {.global_step = step.ref, .var_list = {}}));
  ops::NoOp(s.WithOpName(kTrainOp).WithControlDependencies({minimize}));
  Output summary = ops::ScalarSummary(s.WithOpName("loss_summary"),
                                      ops::Const(s, std::string("loss")), loss);
  s.graph()->AddToCollection(collection_keys::kSummaries, summary.node());
  train::GlobalVariablesInitializer(s.WithOpName(kInitOp));
  return s.status();
}

absl::StatusOr<std::unique_ptr<HookHarness>> HookHarness::Create(
    std::vector<SessionRunHook*> hooks) {
  Scope scope = Scope::NewRootScope();
  RETURN_IF_ERROR(BuildTrainingGraph(scope));
  auto harness = std::unique_ptr<HookHarness>(new HookHarness(scope, std::move(hooks)));
  for (SessionRunHook* hook : harness->hooks_) RETURN_IF_ERROR(hook->Begin(harness->scope_));
  return harness;
}

absl::Status HookHarness::CreateSession(int initial_steps) {
  ASSIGN_OR_RETURN(GraphDef graph, scope_.ToGraphDef());
  ASSIGN_OR_RETURN(session_, Session::Create(graph));
  std::vector<Tensor> out;
  RETURN_IF_ERROR(session_->Run({}, {}, {kInitOp}, &out));
  for (int i = 0; i < initial_steps; ++i) RETURN_IF_ERROR(session_->Run({}, {}, {kTrainOp}, &out));
  for (SessionRunHook* hook : hooks_) {
    RETURN_IF_ERROR(hook->AfterCreateSession(session_.get(), &coordinator_));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> HookHarness::Train(int steps, const SessionRunArgs& extra) {
  int ran = 0;
  while (ran < steps && !stop_requested_) {
    SessionRunArgs args = extra;
    args.targets.push_back(kTrainOp);
    std::vector<Tensor> out;
    RETURN_IF_ERROR(RunWithHooks(*session_, hooks_, args, &out, &stop_requested_));
    ++ran;
  }
  return ran;
}

absl::Status HookHarness::End() {
  for (SessionRunHook* hook : hooks_) RETURN_IF_ERROR(hook->End(session_.get()));
  return absl::OkStatus();
}

}  // namespace rill::testing
