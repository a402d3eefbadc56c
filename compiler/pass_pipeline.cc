// PassPipeline: ordered passes, fixed points, verification and dumps between passes.
#include "compiler/pass_pipeline.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "graph/graph_validate.h"

namespace rill::compiler {

PassPipeline& PassPipeline::AddFixedPoint(std::string name, int max_iterations) {
  PassPipeline& nested = AddPass<PassPipeline>(std::move(name), options_);
  nested.max_iterations_ = max_iterations < 1 ? 1 : max_iterations;
  return nested;
}

absl::StatusOr<bool> PassPipeline::RunOnce(Graph* graph) {
  bool changed = false;
  for (const std::unique_ptr<GraphPass>& pass : passes_) {
    absl::StatusOr<bool> pass_changed = pass->Run(graph);
    if (!pass_changed.ok()) {
      return internal::AddContext(pass_changed.status(), absl::StrCat("pass '", pass->name(), "'"));
    }
    // A nested pipeline verifies and dumps its own passes.
    const bool nested = dynamic_cast<PassPipeline*>(pass.get()) != nullptr;
    if (*pass_changed && options_.verify && !nested) {
      absl::Status valid = ValidateGraph(*graph);
      if (!valid.ok()) {
        return absl::InternalError(absl::StrCat("pass '", pass->name(),
                                                "' left an invalid graph: ", valid.message()));
      }
    }
    if (!nested && options_.dump &&
        (options_.dump_after.contains(pass->name()) || options_.dump_after.contains("all"))) {
      options_.dump(pass->name(), *graph);
    }
    changed = changed || *pass_changed;
  }
  return changed;
}

absl::StatusOr<bool> PassPipeline::Run(Graph* graph) {
  bool changed_at_all = false;
  for (int round = 0; round < max_iterations_; ++round) {
    ASSIGN_OR_RETURN(bool changed, RunOnce(graph));
    changed_at_all = changed_at_all || changed;
    if (!changed || max_iterations_ == 1) return changed_at_all;
  }
  return absl::InternalError(absl::StrCat("pipeline '", name_, "' did not reach a fixed point in ",
                                          max_iterations_, " rounds"));
}

std::string PassPipeline::Describe() const {
  std::vector<std::string> parts;
  for (const std::unique_ptr<GraphPass>& pass : passes_) {
    if (auto* nested = dynamic_cast<const PassPipeline*>(pass.get())) {
      parts.push_back(absl::StrCat(nested->name(), "[", nested->Describe(), "]"));
    } else {
      parts.push_back(std::string(pass->name()));
    }
  }
  return absl::StrJoin(parts, ",");
}

}  // namespace rill::compiler
