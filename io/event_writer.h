// Writes TensorBoard event files: `<log_dir>/events.out.tfevents.<10-digit seconds>.<hostname><suffix>`, a
// TFRecord file of Event protos starting with file_version "brain.Event:2", as TensorFlow's EventsWriter.
#ifndef RILL_IO_EVENT_WRITER_H_
#define RILL_IO_EVENT_WRITER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "graph/event.pb.h"
#include "graph/graph.pb.h"
#include "io/record_writer.h"
#include "io/write_fault.h"

namespace rill::io {

// The first record's file_version.
inline constexpr char kEventFileVersion[] = "brain.Event:2";

struct EventWriterOptions {
  // Appended to the file name (TF's filename_suffix), e.g. ".v2".
  std::string filename_suffix;
  // Buffered events are flushed (and fsynced) once this much time passed since the last flush; TF's
  // FileWriter default is 120 s. Close() and the destructor always flush.
  absl::Duration flush_period = absl::Seconds(120);
  // Time source for wall_time, the file name and the flush period; absl::Now when empty (tests inject one).
  std::function<absl::Time()> clock;
  // Host name for the file name; the machine's when empty.
  std::string hostname;
  // Not owned; for crash tests.
  WriteFaultInjector* fault = nullptr;
};

class EventWriter {
 public:
  // Creates `log_dir` if needed and a new event file in it, and writes the file_version event. Refuses
  // (AlreadyExists) to overwrite an existing file of the same name.
  static absl::StatusOr<std::unique_ptr<EventWriter>> Create(const std::string& log_dir,
                                                             EventWriterOptions options = {});
  // Flushes and closes; errors are lost then, so call Close() to see them.
  ~EventWriter();

  // Writes `event` as given.
  absl::Status WriteEvent(const Event& event);
  // A scalar summary (Summary.Value.simple_value) for `tag` at `step`, stamped with the current time.
  absl::Status AddScalar(const std::string& tag, int64_t step, float value);
  // A histogram summary of `values` with TF's default buckets. InvalidArgument for NaN or infinities.
  absl::Status AddHistogram(const std::string& tag, int64_t step, absl::Span<const double> values);
  // A graph event: the GraphDef serialised (deterministically) into Event.graph_def.
  absl::Status AddGraph(const GraphDef& graph);

  // Hands buffered events to the OS and fsyncs them.
  absl::Status Flush();
  // Flush() and close. Idempotent.
  absl::Status Close();

  // Full path of the event file.
  const std::string& filename() const { return filename_; }

 private:
  EventWriter(std::string filename, EventWriterOptions options, std::unique_ptr<RecordWriter> writer);
  absl::Time Now() const;
  double WallTime() const;
  absl::Status MaybeFlush();

  const std::string filename_;
  const EventWriterOptions options_;
  std::unique_ptr<RecordWriter> writer_;
  absl::Time last_flush_;
  bool closed_ = false;
};

}  // namespace rill::io

#endif  // RILL_IO_EVENT_WRITER_H_
