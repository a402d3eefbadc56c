// Session: runs a GraphDef step by step (TensorFlow 1.x tf.Session): feeds, fetches and targets,
// variables that live across Runs, and a cache of one plan per distinct Run signature.
#ifndef RILL_SESSION_SESSION_H_
#define RILL_SESSION_SESSION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/graph.pb.h"
#include "graph/tensor.h"
#include "session/session_options.h"

namespace rill {

// A named feed: a tensor name ("x", "x:0", "split:1") and its value (same type as the
// interpreter's Feed).
using Feed = std::pair<std::string, Tensor>;

// Runs one graph. Thread-safe: concurrent Runs are serialised.
//
// Each distinct (feed names, feed dtypes and shapes, fetches, targets) gets a plan, built once
// and cached: the names are checked against the graph (NotFound / InvalidArgument naming the
// feed, fetch or target) and the graph is pruned to what the fetches and targets need. A plan
// that fails to build is not cached. Errors while running (a missing or mis-shaped feed, an
// uninitialised variable, a kernel error) name the node; the session stays usable afterwards
// and keeps its variables.
class Session {
 public:
  // Validates `graph` against the op registry (InvalidArgument / NotFound naming the node) and
  // sets up its executor. InvalidArgument for num_threads outside 0..1024.
  static absl::StatusOr<std::unique_ptr<Session>> Create(const GraphDef& graph,
                                                         const SessionOptions& options = {});
  ~Session();

  // Runs the nodes that `fetches` and `targets` (node names) need, with `feeds` replacing the
  // named tensors; on success `outputs` holds one tensor per fetch, in order.
  absl::Status Run(const std::vector<Feed>& feeds, const std::vector<std::string>& fetches,
                   const std::vector<std::string>& targets, std::vector<Tensor>* outputs);
  // As above, with options and metadata (may be null): timing and whether the plan was cached.
  absl::Status Run(const RunOptions& run_options, const std::vector<Feed>& feeds,
                   const std::vector<std::string>& fetches,
                   const std::vector<std::string>& targets, std::vector<Tensor>* outputs,
                   RunMetadata* metadata);

  // The graph this session runs, as given to Create.
  const GraphDef& graph_def() const;
  const SessionOptions& options() const;
  // Threads of the compiled kernels: options().num_threads, or the number of hardware cores
  // when that is 0 (the runtime::SharedThreadPool the plans use).
  int num_threads() const;
  // Distinct plans built so far (each successful first Run of a new signature adds one).
  int64_t num_plans_built() const;
  // Runs started so far (successful or not).
  int64_t num_runs() const;

 private:
  struct Impl;
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rill

#endif  // RILL_SESSION_SESSION_H_
