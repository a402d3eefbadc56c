// TensorBoard event file reading; see event_reader.h.
#include "io/event_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/record_writer.h"

namespace rill::io {

absl::StatusOr<std::unique_ptr<EventReader>> EventReader::Open(const std::string& path,
                                                               const RecordReaderOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<RecordReader> records, RecordReader::Open(path, options));
  return std::unique_ptr<EventReader>(new EventReader(std::move(records), options.on_corruption));
}

absl::Status EventReader::Next(Event* event) {
  std::string record;
  while (true) {
    RETURN_IF_ERROR(records_->ReadRecord(&record));
    if (event->ParseFromString(record)) return absl::OkStatus();
    const int64_t offset = records_->last_record_offset();
    const std::string message =
        absl::StrCat("'", path(), "': record at offset ", offset, " (", record.size(), " bytes) is not an Event");
    if (on_corruption_ == OnCorruption::kStop) return absl::DataLossError(message);
    unparsable_.push_back(
        {offset, static_cast<int64_t>(record.size()) + kRecordHeaderSize + kRecordFooterSize, message});
  }
}

std::vector<CorruptRegion> EventReader::corrupt_regions() const {
  std::vector<CorruptRegion> all = records_->corrupt_regions();
  all.insert(all.end(), unparsable_.begin(), unparsable_.end());
  std::sort(all.begin(), all.end(), [](const CorruptRegion& a, const CorruptRegion& b) { return a.offset < b.offset; });
  return all;
}

}  // namespace rill::io
