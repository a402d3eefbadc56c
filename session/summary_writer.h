// SummaryWriter: TensorFlow 1.x tf.summary.FileWriter. Writes an event file in a log directory
// (through io::EventWriter): the graph as a graph event, and serialized Summary protos (what the
// summary ops output) as summary events at a global step.
#ifndef RILL_SESSION_SUMMARY_WRITER_H_
#define RILL_SESSION_SUMMARY_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/graph.pb.h"
#include "graph/summary.pb.h"
#include "io/event_writer.h"

namespace rill {

class SummaryWriter {
 public:
  // Creates `logdir` if needed and a new event file in it. When `graph` is given it is written
  // first, as TF's FileWriter(logdir, graph) does. `options` are io::EventWriter's (file name
  // suffix, flush period, injectable clock). When a file of that name exists (another writer in
  // the same second, e.g. a restart), ".1", ".2", ... up to ".99" is appended to the suffix
  // instead of overwriting it as TensorFlow would.
  static absl::StatusOr<std::unique_ptr<SummaryWriter>> Create(
      const std::string& logdir, const GraphDef* graph = nullptr,
      io::EventWriterOptions options = {});

  // add_summary(summary, global_step): `serialized` is a Summary proto as the summary ops output
  // it; InvalidArgument if it does not parse.
  absl::Status AddSummary(absl::string_view serialized, int64_t global_step);
  // As above, for a Summary already parsed.
  absl::Status AddSummary(const Summary& summary, int64_t global_step);
  // add_graph: a graph event.
  absl::Status AddGraph(const GraphDef& graph);
  // Hands buffered events to the OS and fsyncs them.
  absl::Status Flush();
  // Flush and close; later calls fail. Idempotent.
  absl::Status Close();

  // Full path of the event file.
  const std::string& filename() const { return writer_->filename(); }

 private:
  explicit SummaryWriter(std::unique_ptr<io::EventWriter> writer) : writer_(std::move(writer)) {}
  // The writer's clock time in seconds (the events' wall_time).
  double WallTime() const;

  io::EventWriterOptions options_;
  std::unique_ptr<io::EventWriter> writer_;
  bool closed_ = false;
};

}  // namespace rill

#endif  // RILL_SESSION_SUMMARY_WRITER_H_
