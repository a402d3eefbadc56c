// TFRecord framing and writing; see record_writer.h.
#include "io/record_writer.h"

#include <utility>

#include "base/status_macros.h"
#include "io/coding.h"
#include "io/crc32c.h"

namespace rill::io {

std::string EncodeRecordHeader(absl::string_view data) {
  char header[kRecordHeaderSize];
  EncodeFixed64(header, data.size());
  EncodeFixed32(header + 8, crc32c::Mask(crc32c::Value(header, 8)));
  return std::string(header, sizeof(header));
}

std::string EncodeRecordFooter(absl::string_view data) {
  std::string footer;
  PutFixed32(&footer, crc32c::Mask(crc32c::Value(data)));
  return footer;
}

std::string EncodeRecord(absl::string_view data) {
  std::string out = EncodeRecordHeader(data);
  out.append(data.data(), data.size());
  out += EncodeRecordFooter(data);
  return out;
}

absl::StatusOr<std::unique_ptr<RecordWriter>> RecordWriter::Create(const std::string& path,
                                                                   const RecordWriterOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file,
                   WritableFile::Create(path, options.fault, options.mode));
  return std::make_unique<RecordWriter>(std::move(file));
}

RecordWriter::RecordWriter(std::unique_ptr<WritableFile> file) : file_(std::move(file)) {}

absl::Status RecordWriter::WriteRecord(absl::string_view data) {
  RETURN_IF_ERROR(file_->Append(EncodeRecordHeader(data)));
  RETURN_IF_ERROR(file_->Append(data));
  return file_->Append(EncodeRecordFooter(data));
}

absl::Status RecordWriter::Flush() { return file_->Flush(); }
absl::Status RecordWriter::Sync() { return file_->Sync(); }
absl::Status RecordWriter::Close() { return file_->Close(); }

}  // namespace rill::io
