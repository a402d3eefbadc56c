// Reads LevelDB-format tables (checkpoint .index files). Checks every block CRC, the key order and that the
// blocks tile the file exactly as TensorFlow lays them out, so any damaged byte is reported.
#ifndef RILL_IO_TABLE_READER_H_
#define RILL_IO_TABLE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "io/random_access_file.h"
#include "io/table_format.h"

namespace rill::io {

struct TableReaderOptions {
  // Cap on the bytes of index keys kept in memory (a crafted file could otherwise make prefix-compressed
  // keys expand far beyond its size).
  int64_t max_index_key_bytes = int64_t{64} << 20;
};

class TableReader {
 public:
  // Opens the table at `path`: reads and checks the footer, the metaindex and the index block.
  static absl::StatusOr<std::unique_ptr<TableReader>> Open(const std::string& path,
                                                           const TableReaderOptions& options = {});

  // Calls fn(key, value) for every entry in key order; key and value are valid only during the call.
  // Verifies each data block and stops at the first error (fn's included).
  absl::Status ForEach(
      absl::FunctionRef<absl::Status(absl::string_view key, absl::string_view value)> fn) const;

  // The value stored under `key`; NotFound if there is none.
  absl::StatusOr<std::string> Get(absl::string_view key) const;

  // Number of data blocks.
  int num_data_blocks() const { return static_cast<int>(index_.size()); }
  const std::string& path() const { return file_->path(); }

 private:
  struct IndexEntry {
    std::string separator;  // >= every key in the block, < every key in the next
    BlockHandle handle;
  };

  explicit TableReader(std::unique_ptr<RandomAccessFile> file) : file_(std::move(file)) {}
  absl::Status LoadIndex(const TableReaderOptions& options);
  // Visits the entries of data block `i`, checking they are sorted and inside the block's key range.
  absl::Status ForEachInBlock(
      size_t i, absl::FunctionRef<absl::Status(absl::string_view key, absl::string_view value)> fn) const;
  std::string Where() const;

  std::unique_ptr<RandomAccessFile> file_;
  std::vector<IndexEntry> index_;
};

}  // namespace rill::io

#endif  // RILL_IO_TABLE_READER_H_
