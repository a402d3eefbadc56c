// LevelDB-format table writing, byte-compatible with TensorFlow's table builder; see table_builder.h.
#include "io/table_builder.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace rill::io {

void FindShortestSeparator(std::string* start, absl::string_view limit) {
  const size_t min_length = std::min(start->size(), limit.size());
  size_t diff = 0;
  while (diff < min_length && (*start)[diff] == limit[diff]) ++diff;
  if (diff >= min_length) return;  // one is a prefix of the other
  const uint8_t diff_byte = static_cast<uint8_t>((*start)[diff]);
  if (diff_byte < 0xff && diff_byte + 1 < static_cast<uint8_t>(limit[diff])) {
    (*start)[diff] = static_cast<char>(diff_byte + 1);
    start->resize(diff + 1);
  }
}

void FindShortSuccessor(std::string* key) {
  for (size_t i = 0; i < key->size(); ++i) {
    const uint8_t byte = static_cast<uint8_t>((*key)[i]);
    if (byte != 0xff) {
      (*key)[i] = static_cast<char>(byte + 1);
      key->resize(i + 1);
      return;
    }
  }
  // A run of 0xff bytes has no shorter successor.
}

TableBuilder::TableBuilder(WritableFile* file, const TableBuilderOptions& options)
    : file_(file),
      options_(options),
      data_block_(options.block_restart_interval),
      // Index lookups binary-search restart points, so every index entry is one (as in LevelDB).
      index_block_(1) {}

absl::Status TableBuilder::AddPendingIndexEntry(absl::string_view separator) {
  std::string handle_encoding;
  pending_handle_.EncodeTo(&handle_encoding);
  index_block_.Add(separator, handle_encoding);
  pending_index_entry_ = false;
  return absl::OkStatus();
}

absl::Status TableBuilder::Add(absl::string_view key, absl::string_view value) {
  RETURN_IF_ERROR(status_);
  if (closed_) return absl::FailedPreconditionError("TableBuilder::Add after Finish");
  if (num_entries_ > 0) {
    if (key <= absl::string_view(last_key_)) {
      return absl::InvalidArgumentError(absl::StrCat("table keys must strictly increase: '", key,
                                                     "' after '", last_key_, "'"));
    }
    // TensorFlow starts a fresh block for an entry at least twice the block size.
    if (key.size() + value.size() >= 2 * options_.block_size) RETURN_IF_ERROR(Flush());
  }
  if (pending_index_entry_) {
    FindShortestSeparator(&last_key_, key);
    RETURN_IF_ERROR(AddPendingIndexEntry(last_key_));
  }
  last_key_.assign(key.data(), key.size());
  ++num_entries_;
  data_block_.Add(key, value);
  if (data_block_.CurrentSizeEstimate() >= options_.block_size) RETURN_IF_ERROR(Flush());
  return absl::OkStatus();
}

absl::Status TableBuilder::Flush() {
  if (data_block_.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(WriteBlock(&data_block_, &pending_handle_));
  pending_index_entry_ = true;
  return absl::OkStatus();
}

absl::Status TableBuilder::WriteBlock(BlockBuilder* block, BlockHandle* handle) {
  const absl::string_view contents = block->Finish();
  handle->offset = offset_;
  handle->size = contents.size();
  status_ = file_->Append(contents);
  if (status_.ok()) status_ = file_->Append(BlockTrailer(contents));
  if (status_.ok()) offset_ += contents.size() + kBlockTrailerSize;
  block->Reset();
  return status_;
}

absl::Status TableBuilder::Finish() {
  RETURN_IF_ERROR(status_);
  if (closed_) return absl::FailedPreconditionError("TableBuilder::Finish called twice");
  RETURN_IF_ERROR(Flush());
  closed_ = true;
  Footer footer;
  BlockBuilder metaindex(options_.block_restart_interval);  // no filters or stats: stays empty
  RETURN_IF_ERROR(WriteBlock(&metaindex, &footer.metaindex));
  if (pending_index_entry_) {
    FindShortSuccessor(&last_key_);
    RETURN_IF_ERROR(AddPendingIndexEntry(last_key_));
  }
  RETURN_IF_ERROR(WriteBlock(&index_block_, &footer.index));
  const std::string encoded = EncodeFooter(footer);
  status_ = file_->Append(encoded);
  if (status_.ok()) offset_ += encoded.size();
  return status_;
}

}  // namespace rill::io
