// Writes a LevelDB-format table (sorted key/value pairs) exactly as TensorFlow's table::TableBuilder does
// for checkpoint indexes: uncompressed data blocks of ~256 KiB with restart points every 16 keys, an empty
// metaindex block, an index block with shortened separator keys, and the 48-byte footer.
#ifndef RILL_IO_TABLE_BUILDER_H_
#define RILL_IO_TABLE_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "io/block_builder.h"
#include "io/table_format.h"
#include "io/writable_file.h"

namespace rill::io {

// TensorFlow's table::Options defaults (compression aside: checkpoints are written uncompressed).
struct TableBuilderOptions {
  size_t block_size = 262144;
  int block_restart_interval = 16;
};

class TableBuilder {
 public:
  // Appends the table to `file` (not owned), which must be empty.
  explicit TableBuilder(WritableFile* file, const TableBuilderOptions& options = {});

  // Adds an entry. Keys must strictly increase (bytewise); InvalidArgument otherwise.
  absl::Status Add(absl::string_view key, absl::string_view value);
  // Writes the remaining blocks and the footer. The caller syncs and closes the file.
  absl::Status Finish();

  int64_t num_entries() const { return num_entries_; }
  // Bytes written so far.
  uint64_t file_size() const { return offset_; }

 private:
  absl::Status Flush();
  absl::Status WriteBlock(BlockBuilder* block, BlockHandle* handle);
  absl::Status AddPendingIndexEntry(absl::string_view separator);

  WritableFile* const file_;
  const TableBuilderOptions options_;
  BlockBuilder data_block_;
  BlockBuilder index_block_;
  uint64_t offset_ = 0;
  int64_t num_entries_ = 0;
  std::string last_key_;
  bool closed_ = false;
  absl::Status status_;
  // The index entry of a finished data block waits for the next key, so that its separator can be short.
  bool pending_index_entry_ = false;
  BlockHandle pending_handle_;
};

// The shortest string s with start <= s < limit (bytewise), as LevelDB's bytewise comparator computes it;
// start is left alone if it is a prefix of limit.
void FindShortestSeparator(std::string* start, absl::string_view limit);
// The shortest string >= key (LevelDB's FindShortSuccessor).
void FindShortSuccessor(std::string* key);

}  // namespace rill::io

#endif  // RILL_IO_TABLE_BUILDER_H_
