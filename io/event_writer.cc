// TensorBoard event file writing; see event_writer.h.
#include "io/event_writer.h"

#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "graph/graph_io.h"
#include "io/file_system.h"
#include "io/histogram.h"

namespace rill::io {
namespace {

std::string MachineHostname() {
  char buf[256] = {0};
  if (::gethostname(buf, sizeof(buf) - 1) != 0 || buf[0] == '\0') return "localhost";
  return buf;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventWriter>> EventWriter::Create(const std::string& log_dir,
                                                                 EventWriterOptions options) {
  if (log_dir.empty()) return absl::InvalidArgumentError("event log directory is empty");
  if (!options.clock) options.clock = [] { return absl::Now(); };
  if (options.hostname.empty()) options.hostname = MachineHostname();
  if (options.hostname.find('/') != std::string::npos || options.filename_suffix.find('/') != std::string::npos) {
    return absl::InvalidArgumentError("event file hostname and suffix may not contain '/'");
  }
  RETURN_IF_ERROR(CreateDirRecursively(log_dir));
  const absl::Time now = options.clock();
  // TF: "%s.out.tfevents.%010lld.%s%s" with the prefix "<log_dir>/events".
  const std::string filename = JoinPath(
      log_dir, absl::StrFormat("events.out.tfevents.%010d.%s%s", absl::ToUnixSeconds(now), options.hostname,
                               options.filename_suffix));
  ASSIGN_OR_RETURN(std::unique_ptr<RecordWriter> writer,
                   RecordWriter::Create(filename, {.fault = options.fault, .mode = WritableFile::Mode::kExclusive}));
  std::unique_ptr<EventWriter> w(new EventWriter(filename, std::move(options), std::move(writer)));
  Event version;
  version.set_wall_time(w->WallTime());
  version.set_file_version(kEventFileVersion);
  RETURN_IF_ERROR(w->WriteEvent(version));
  RETURN_IF_ERROR(w->Flush());  // TF flushes the version record at once: TensorBoard sees the file
  return w;
}

EventWriter::EventWriter(std::string filename, EventWriterOptions options, std::unique_ptr<RecordWriter> writer)
    : filename_(std::move(filename)), options_(std::move(options)), writer_(std::move(writer)) {
  last_flush_ = Now();
}

EventWriter::~EventWriter() { Close().IgnoreError(); }

absl::Time EventWriter::Now() const { return options_.clock(); }

// Seconds since the epoch with microsecond resolution, as TF's EnvTime::NowMicros() / 1e6.
double EventWriter::WallTime() const { return absl::ToUnixMicros(Now()) / 1e6; }

absl::Status EventWriter::WriteEvent(const Event& event) {
  if (closed_) return absl::FailedPreconditionError(absl::StrCat("event file '", filename_, "' is closed"));
  RETURN_IF_ERROR_WITH_CONTEXT(writer_->WriteRecord(event.SerializeAsString()),
                               absl::StrCat("writing event file '", filename_, "'"));
  return MaybeFlush();
}

absl::Status EventWriter::MaybeFlush() {
  if (Now() - last_flush_ >= options_.flush_period) return Flush();
  return absl::OkStatus();
}

absl::Status EventWriter::AddScalar(const std::string& tag, int64_t step, float value) {
  Event event;
  event.set_wall_time(WallTime());
  event.set_step(step);
  Summary::Value* v = event.mutable_summary()->add_value();
  v->set_tag(tag);
  v->set_simple_value(value);
  return WriteEvent(event);
}

absl::Status EventWriter::AddHistogram(const std::string& tag, int64_t step, absl::Span<const double> values) {
  ASSIGN_OR_RETURN(HistogramProto histo, MakeHistogram(values));
  Event event;
  event.set_wall_time(WallTime());
  event.set_step(step);
  Summary::Value* v = event.mutable_summary()->add_value();
  v->set_tag(tag);
  *v->mutable_histo() = std::move(histo);
  return WriteEvent(event);
}

absl::Status EventWriter::AddGraph(const GraphDef& graph) {
  Event event;
  event.set_wall_time(WallTime());
  event.set_graph_def(SerializeDeterministic(graph));
  return WriteEvent(event);
}

absl::Status EventWriter::Flush() {
  if (closed_) return absl::FailedPreconditionError(absl::StrCat("event file '", filename_, "' is closed"));
  last_flush_ = Now();
  RETURN_IF_ERROR_WITH_CONTEXT(writer_->Sync(), absl::StrCat("flushing event file '", filename_, "'"));
  return absl::OkStatus();
}

absl::Status EventWriter::Close() {
  if (closed_) return absl::OkStatus();
  absl::Status s = Flush();
  closed_ = true;
  absl::Status c = writer_->Close();
  if (s.ok()) s = c;
  return s;
}

}  // namespace rill::io
