// TFRecord reader. A damaged or truncated record is reported with the file name and offset; by option the
// reader either stops there or skips the damage and resynchronises on the next intact record.
#ifndef RILL_IO_RECORD_READER_H_
#define RILL_IO_RECORD_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "io/random_access_file.h"

namespace rill::io {

// What the reader does at a corrupt or truncated record.
enum class OnCorruption {
  // ReadRecord returns DataLoss naming the file and offset. Corruption is sticky; a truncated last record
  // is not (a writer may still be appending: a later call tries again).
  kStop,
  // The damaged bytes are listed in corrupt_regions() and reading continues at the next intact record; a
  // damaged tail ends the file (OutOfRange).
  kSkip,
};

struct RecordReaderOptions {
  OnCorruption on_corruption = OnCorruption::kStop;
  // Records longer than this are treated as corrupt even if the file holds them (bounds memory use).
  int64_t max_record_bytes = int64_t{1} << 32;
};

// A stretch of file the reader skipped under OnCorruption::kSkip.
struct CorruptRegion {
  int64_t offset = 0;
  int64_t length = 0;
  std::string message;  // names the file, offset and what was wrong
};

class RecordReader {
 public:
  // Opens the TFRecord file at `path`.
  static absl::StatusOr<std::unique_ptr<RecordReader>> Open(const std::string& path,
                                                            const RecordReaderOptions& options = {});

  // Reads the next record into *record. OutOfRange at the end of the file; DataLoss for damage under
  // OnCorruption::kStop.
  absl::Status ReadRecord(std::string* record);

  // File offset of the record last returned.
  int64_t last_record_offset() const { return last_record_offset_; }
  // File offset where the next record is expected.
  int64_t offset() const { return offset_; }
  // Damage skipped so far (OnCorruption::kSkip only).
  const std::vector<CorruptRegion>& corrupt_regions() const { return corrupt_regions_; }
  const std::string& path() const { return file_->path(); }

 private:
  enum class Parse { kOk, kEnd, kTruncated, kCorrupt };

  RecordReader(std::unique_ptr<RandomAccessFile> file, const RecordReaderOptions& options);
  // Examines the record framed at `pos`. kOk fills *record (if not null); other results fill *why.
  absl::StatusOr<Parse> ParseAt(int64_t pos, std::string* record, std::string* why);
  // A view of file bytes [pos, pos+n), which must lie inside the file; valid until the next call.
  absl::StatusOr<absl::string_view> Peek(int64_t pos, int64_t n);
  // First offset after `pos` holding an intact record, or the file size if there is none.
  absl::StatusOr<int64_t> Resync(int64_t pos);
  std::string Describe(int64_t pos, absl::string_view kind, absl::string_view why) const;

  std::unique_ptr<RandomAccessFile> file_;
  const RecordReaderOptions options_;
  int64_t offset_ = 0;
  int64_t last_record_offset_ = -1;
  absl::Status sticky_error_;
  std::vector<CorruptRegion> corrupt_regions_;
  // Read-ahead window: file bytes [window_start_, window_start_ + window_.size()).
  std::string window_;
  int64_t window_start_ = 0;
};

}  // namespace rill::io

#endif  // RILL_IO_RECORD_READER_H_
