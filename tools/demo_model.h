// The demo model graphtool builds: a 784-128-10 classifier's forward pass, written with Scope.
#ifndef RILL_TOOLS_DEMO_MODEL_H_
#define RILL_TOOLS_DEMO_MODEL_H_

#include "absl/status/statusor.h"
#include "graph/graph.pb.h"

namespace rill {

// x: float [?, 784] -> hidden/Relu: [?, 128] -> logits: [?, 10], with fixed pseudo-random weights.
absl::StatusOr<GraphDef> BuildDemoModel();

}  // namespace rill

#endif  // RILL_TOOLS_DEMO_MODEL_H_
