// GraphPass: the one signature every compiler pass has (XLA's HloPassInterface, in miniature).
#ifndef RILL_COMPILER_PASS_H_
#define RILL_COMPILER_PASS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/graph.h"

namespace rill::compiler {

// A graph-to-graph rewrite. Options come in through the constructor; passes read op properties from
// the registry (flags, slots) and never switch on op names.
class GraphPass {
 public:
  virtual ~GraphPass() = default;
  // A short stable name, used by --dump_after=<name> and in error messages.
  virtual absl::string_view name() const = 0;
  // Rewrites `graph` in place; true if anything changed. An error leaves the graph unusable.
  virtual absl::StatusOr<bool> Run(Graph* graph) = 0;
};

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASS_H_
