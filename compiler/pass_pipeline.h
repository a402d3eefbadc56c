// PassPipeline: runs passes in order (optionally to a fixed point), verifies the graph after each
// pass and dumps it on request. The order itself is decided in one place (default_pipeline.cc).
#ifndef RILL_COMPILER_PASS_PIPELINE_H_
#define RILL_COMPILER_PASS_PIPELINE_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "compiler/pass.h"
#include "graph/graph.h"

namespace rill::compiler {

struct PipelineOptions {
  // Run ValidateGraph after every pass that changed the graph; a failure is Internal and names the
  // pass (a pass broke the graph: rill's bug, not the user's).
  bool verify = true;
  // Pass names after which `dump` is called ("all" for every pass).
  absl::flat_hash_set<std::string> dump_after;
  // Receives (pass name, graph) for dump_after; e.g. writes GraphDefToText to a file.
  std::function<void(absl::string_view pass, const Graph& graph)> dump;
};

// A sequence of passes, itself a pass. A fixed-point pipeline repeats its sequence until no pass
// changes the graph, and fails (Internal) if that takes more than `max_iterations` rounds.
class PassPipeline : public GraphPass {
 public:
  explicit PassPipeline(std::string name, PipelineOptions options = {})
      : name_(std::move(name)), options_(std::move(options)) {}

  // Appends a pass constructed in place: pipeline.AddPass<DeadCodeElimination>(keep).
  template <typename Pass, typename... Args>
  Pass& AddPass(Args&&... args) {
    auto pass = std::make_unique<Pass>(std::forward<Args>(args)...);
    Pass& ref = *pass;
    passes_.push_back(std::move(pass));
    return ref;
  }
  // Appends an already constructed pass (e.g. from a Create*Pass factory).
  GraphPass& AddPass(std::unique_ptr<GraphPass> pass) {
    GraphPass& ref = *pass;
    passes_.push_back(std::move(pass));
    return ref;
  }
  // Appends a nested pipeline that runs to a fixed point, sharing this pipeline's options.
  PassPipeline& AddFixedPoint(std::string name, int max_iterations = 25);

  absl::string_view name() const override { return name_; }
  absl::StatusOr<bool> Run(Graph* graph) override;

  // Names of the passes in order, nested pipelines as "name[a,b]" (for tests and --help).
  std::string Describe() const;

 private:
  absl::StatusOr<bool> RunOnce(Graph* graph);

  std::string name_;
  PipelineOptions options_;
  std::vector<std::unique_ptr<GraphPass>> passes_;
  int max_iterations_ = 1;  // 1: a plain sequence
};

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASS_PIPELINE_H_
