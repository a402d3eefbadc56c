// Reads TensorBoard event files (TFRecords of Event protos): iterates the events and reports corrupt or
// truncated records and unparsable events with the file name and offset.
#ifndef RILL_IO_EVENT_READER_H_
#define RILL_IO_EVENT_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graph/event.pb.h"
#include "io/record_reader.h"

namespace rill::io {

class EventReader {
 public:
  // Opens the event file at `path`. `options.on_corruption` chooses between stopping at damage and
  // skipping it (then listed in corrupt_regions()).
  static absl::StatusOr<std::unique_ptr<EventReader>> Open(const std::string& path,
                                                           const RecordReaderOptions& options = {});

  // The next event. OutOfRange at the end of the file; DataLoss naming the file and offset for a damaged
  // record or one that is not an Event (unless skipping).
  absl::Status Next(Event* event);

  // File offset of the record of the event last returned.
  int64_t last_offset() const { return records_->last_record_offset(); }
  // Damage skipped so far (OnCorruption::kSkip), unparsable events included.
  std::vector<CorruptRegion> corrupt_regions() const;
  const std::string& path() const { return records_->path(); }

 private:
  EventReader(std::unique_ptr<RecordReader> records, OnCorruption on_corruption)
      : records_(std::move(records)), on_corruption_(on_corruption) {}

  std::unique_ptr<RecordReader> records_;
  const OnCorruption on_corruption_;
  std::vector<CorruptRegion> unparsable_;
};

}  // namespace rill::io

#endif  // RILL_IO_EVENT_READER_H_
