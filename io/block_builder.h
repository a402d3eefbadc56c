// Builds one block of a LevelDB-format table: prefix-compressed keys with a restart point (a full key)
// every `restart_interval` entries, then the restart offsets and their count.
#ifndef RILL_IO_BLOCK_BUILDER_H_
#define RILL_IO_BLOCK_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace rill::io {

class BlockBuilder {
 public:
  // TensorFlow uses 16 for data blocks and 1 for the index block.
  explicit BlockBuilder(int restart_interval);

  // Forgets everything added, to build the next block.
  void Reset();
  // Appends an entry. The caller (TableBuilder) guarantees keys strictly increase.
  void Add(absl::string_view key, absl::string_view value);
  // Appends the restart array and returns the block contents, valid until Reset().
  absl::string_view Finish();
  // Size of the block if Finish() were called now.
  size_t CurrentSizeEstimate() const;
  bool empty() const { return buffer_.empty(); }

 private:
  const int restart_interval_;
  std::string buffer_;
  std::vector<uint32_t> restarts_;
  int counter_ = 0;  // entries since the last restart
  bool finished_ = false;
  std::string last_key_;
};

}  // namespace rill::io

#endif  // RILL_IO_BLOCK_BUILDER_H_
