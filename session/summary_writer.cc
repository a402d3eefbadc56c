// SummaryWriter: summary and graph events through io::EventWriter (see summary_writer.h).
#include "session/summary_writer.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/status_macros.h"
#include "graph/event.pb.h"

namespace rill {

absl::StatusOr<std::unique_ptr<SummaryWriter>> SummaryWriter::Create(const std::string& logdir,
                                                                     const GraphDef* graph,
                                                                     io::EventWriterOptions options) {
  io::EventWriterOptions kept = options;
  absl::StatusOr<std::unique_ptr<io::EventWriter>> created = io::EventWriter::Create(logdir, options);
  for (int n = 1; n < 100 && absl::IsAlreadyExists(created.status()); ++n) {
    io::EventWriterOptions retry = options;
    retry.filename_suffix = absl::StrCat(options.filename_suffix, ".", n);
    created = io::EventWriter::Create(logdir, retry);
  }
  ASSIGN_OR_RETURN(std::unique_ptr<io::EventWriter> writer, std::move(created));
  auto out = std::unique_ptr<SummaryWriter>(new SummaryWriter(std::move(writer)));
  out->options_ = std::move(kept);
  if (graph != nullptr) RETURN_IF_ERROR(out->AddGraph(*graph));
  return out;
}

double SummaryWriter::WallTime() const {
  const absl::Time now = options_.clock ? options_.clock() : absl::Now();
  return absl::ToDoubleSeconds(now - absl::UnixEpoch());
}

absl::Status SummaryWriter::AddSummary(absl::string_view serialized, int64_t global_step) {
  Summary summary;
  if (!summary.ParseFromArray(serialized.data(), static_cast<int>(serialized.size()))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "SummaryWriter::AddSummary: ", serialized.size(), " bytes are not a Summary proto"));
  }
  return AddSummary(summary, global_step);
}

absl::Status SummaryWriter::AddSummary(const Summary& summary, int64_t global_step) {
  if (closed_) return absl::FailedPreconditionError("SummaryWriter is closed");
  Event event;
  event.set_wall_time(WallTime());
  event.set_step(global_step);
  *event.mutable_summary() = summary;
  return writer_->WriteEvent(event);
}

absl::Status SummaryWriter::AddGraph(const GraphDef& graph) {
  if (closed_) return absl::FailedPreconditionError("SummaryWriter is closed");
  return writer_->AddGraph(graph);
}

absl::Status SummaryWriter::Flush() {
  if (closed_) return absl::FailedPreconditionError("SummaryWriter is closed");
  return writer_->Flush();
}

absl::Status SummaryWriter::Close() {
  if (closed_) return absl::OkStatus();
  closed_ = true;
  return writer_->Close();
}

}  // namespace rill
