// TFRecord reading with corruption reports and resynchronisation; see record_reader.h.
#include "io/record_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/coding.h"
#include "io/crc32c.h"
#include "io/record_writer.h"

namespace rill::io {
namespace {

constexpr int64_t kWindowBytes = 256 * 1024;
constexpr int64_t kFraming = kRecordHeaderSize + kRecordFooterSize;

}  // namespace

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::Open(const std::string& path,
                                                                 const RecordReaderOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, RandomAccessFile::Open(path));
  return std::unique_ptr<RecordReader>(new RecordReader(std::move(file), options));
}

RecordReader::RecordReader(std::unique_ptr<RandomAccessFile> file, const RecordReaderOptions& options)
    : file_(std::move(file)), options_(options) {}

std::string RecordReader::Describe(int64_t pos, absl::string_view kind, absl::string_view why) const {
  return absl::StrCat("'", file_->path(), "': ", kind, " record at offset ", pos, ": ", why);
}

absl::StatusOr<absl::string_view> RecordReader::Peek(int64_t pos, int64_t n) {
  if (pos < 0 || n < 0 || pos > file_->size() || n > file_->size() - pos) {
    return absl::InternalError(absl::StrCat("RecordReader::Peek(", pos, ", ", n, ") outside '", file_->path(),
                                            "' of ", file_->size(), " bytes"));
  }
  const int64_t window_end = window_start_ + static_cast<int64_t>(window_.size());
  if (pos < window_start_ || pos + n > window_end) {
    // Reload: at least the requested bytes, at most what the file still holds.
    const int64_t len = std::min(std::max(n, kWindowBytes), file_->size() - pos);
    RETURN_IF_ERROR(file_->Read(pos, len, &window_));
    window_start_ = pos;
  }
  return absl::string_view(window_).substr(pos - window_start_, n);
}

absl::StatusOr<RecordReader::Parse> RecordReader::ParseAt(int64_t pos, std::string* record,
                                                          std::string* why) {
  int64_t remaining = file_->size() - pos;
  if (remaining < kFraming) {
    // Maybe a writer appended since we looked.
    ASSIGN_OR_RETURN(int64_t size, file_->RefreshSize());
    remaining = size - pos;
  }
  if (remaining <= 0) return Parse::kEnd;
  if (remaining < kRecordHeaderSize) {
    *why = absl::StrCat("the header needs ", kRecordHeaderSize, " bytes but only ", remaining, " remain");
    return Parse::kTruncated;
  }
  ASSIGN_OR_RETURN(absl::string_view header, Peek(pos, kRecordHeaderSize));
  const uint64_t length = DecodeFixed64(header.data());
  const uint32_t length_crc = crc32c::Unmask(DecodeFixed32(header.data() + 8));
  if (length_crc != crc32c::Value(header.data(), 8)) {
    *why = "length checksum mismatch";
    return Parse::kCorrupt;
  }
  if (length > static_cast<uint64_t>(options_.max_record_bytes)) {
    *why = absl::StrCat("length ", length, " exceeds the limit of ", options_.max_record_bytes, " bytes");
    return Parse::kCorrupt;
  }
  // length <= max_record_bytes <= INT64_MAX, so this cannot wrap in 64 unsigned bits.
  const uint64_t needed = length + kFraming;
  if (needed > static_cast<uint64_t>(remaining)) {
    ASSIGN_OR_RETURN(int64_t size, file_->RefreshSize());
    remaining = size - pos;
    if (needed > static_cast<uint64_t>(remaining)) {
      *why = absl::StrCat("a record of ", length, " bytes needs ", needed, " bytes but only ", remaining,
                          " remain");
      return Parse::kTruncated;
    }
  }
  ASSIGN_OR_RETURN(absl::string_view body,
                   Peek(pos + kRecordHeaderSize, static_cast<int64_t>(length) + kRecordFooterSize));
  const absl::string_view data = body.substr(0, length);
  const uint32_t data_crc = crc32c::Unmask(DecodeFixed32(body.data() + length));
  if (data_crc != crc32c::Value(data)) {
    *why = absl::StrCat("data checksum mismatch (record of ", length, " bytes)");
    return Parse::kCorrupt;
  }
  if (record != nullptr) record->assign(data.data(), data.size());
  return Parse::kOk;
}

absl::StatusOr<int64_t> RecordReader::Resync(int64_t pos) {
  std::string why;
  for (int64_t q = pos + 1; q + kFraming <= file_->size(); ++q) {
    ASSIGN_OR_RETURN(Parse p, ParseAt(q, nullptr, &why));
    if (p == Parse::kOk) return q;
  }
  return file_->size();
}

absl::Status RecordReader::ReadRecord(std::string* record) {
  RETURN_IF_ERROR(sticky_error_);
  while (true) {
    std::string why;
    ASSIGN_OR_RETURN(Parse p, ParseAt(offset_, record, &why));
    switch (p) {
      case Parse::kOk:
        last_record_offset_ = offset_;
        offset_ += static_cast<int64_t>(record->size()) + kFraming;
        return absl::OkStatus();
      case Parse::kEnd:
        return absl::OutOfRangeError(absl::StrCat("end of '", file_->path(), "'"));
      case Parse::kTruncated:
        if (options_.on_corruption == OnCorruption::kStop) {
          return absl::DataLossError(Describe(offset_, "truncated", why));
        }
        corrupt_regions_.push_back(
            {offset_, file_->size() - offset_, Describe(offset_, "truncated", why)});
        offset_ = file_->size();
        return absl::OutOfRangeError(absl::StrCat("end of '", file_->path(), "' (truncated tail skipped)"));
      case Parse::kCorrupt: {
        const std::string message = Describe(offset_, "corrupt", why);
        if (options_.on_corruption == OnCorruption::kStop) {
          sticky_error_ = absl::DataLossError(message);
          return sticky_error_;
        }
        ASSIGN_OR_RETURN(int64_t next, Resync(offset_));
        corrupt_regions_.push_back({offset_, next - offset_, message});
        offset_ = next;
        break;  // try again at the resynchronised offset
      }
    }
  }
}

}  // namespace rill::io
