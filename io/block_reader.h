// Decodes one block of a LevelDB-format table (contents without the trailer), checking every length and
// the restart array, so damaged blocks give DataLoss instead of out-of-bounds reads.
#ifndef RILL_IO_BLOCK_READER_H_
#define RILL_IO_BLOCK_READER_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rill::io {

// Calls fn(key, value) for each entry of the block in order; `key` is valid only during the call, `value`
// as long as `contents`. Stops at fn's first error. DataLoss (without a file name: the caller adds it) for a
// malformed block.
absl::Status ForEachBlockEntry(
    absl::string_view contents,
    absl::FunctionRef<absl::Status(absl::string_view key, absl::string_view value)> fn);

}  // namespace rill::io

#endif  // RILL_IO_BLOCK_READER_H_
