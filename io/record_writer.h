// TFRecord writer: each record is uint64 length, uint32 masked CRC32C of the length, the data, uint32 masked
// CRC32C of the data, all little-endian. Event files and TF's TFRecordDataset use this framing.
#ifndef RILL_IO_RECORD_WRITER_H_
#define RILL_IO_RECORD_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "io/writable_file.h"
#include "io/write_fault.h"

namespace rill::io {

// Bytes before a record's data (length + length CRC) and after it (data CRC).
inline constexpr int kRecordHeaderSize = 12;
inline constexpr int kRecordFooterSize = 4;

// Returns the 12-byte header that frames `data`.
std::string EncodeRecordHeader(absl::string_view data);
// Returns the 4-byte footer (masked CRC of `data`).
std::string EncodeRecordFooter(absl::string_view data);
// Returns the whole framed record; for tests and small in-memory uses.
std::string EncodeRecord(absl::string_view data);

// Options for RecordWriter::Create.
struct RecordWriterOptions {
  WriteFaultInjector* fault = nullptr;  // not owned; for crash tests
  WritableFile::Mode mode = WritableFile::Mode::kTruncate;
};

class RecordWriter {
 public:
  // Creates (or replaces, per options.mode) the file at `path`.
  static absl::StatusOr<std::unique_ptr<RecordWriter>> Create(const std::string& path,
                                                              const RecordWriterOptions& options = {});
  // Writes records to an already open file, which the writer takes over.
  explicit RecordWriter(std::unique_ptr<WritableFile> file);

  // Appends one record (buffered).
  absl::Status WriteRecord(absl::string_view data);
  // Hands buffered records to the OS.
  absl::Status Flush();
  // Flush() + fsync.
  absl::Status Sync();
  // Flush() + close; later writes fail.
  absl::Status Close();

  const std::string& path() const { return file_->path(); }
  // Bytes written so far, framing included.
  int64_t size() const { return file_->size(); }

 private:
  std::unique_ptr<WritableFile> file_;
};

}  // namespace rill::io

#endif  // RILL_IO_RECORD_WRITER_H_
