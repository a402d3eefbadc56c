// Block decoding with bounds checks; see block_reader.h.
#include "io/block_reader.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/coding.h"

namespace rill::io {

absl::Status ForEachBlockEntry(
    absl::string_view contents,
    absl::FunctionRef<absl::Status(absl::string_view key, absl::string_view value)> fn) {
  if (contents.size() < sizeof(uint32_t)) {
    return absl::DataLossError(absl::StrCat("block of ", contents.size(), " bytes is too small"));
  }
  const uint64_t num_restarts = DecodeFixed32(contents.data() + contents.size() - 4);
  const uint64_t max_restarts = (contents.size() - 4) / 4;
  if (num_restarts > max_restarts) {
    return absl::DataLossError(absl::StrCat("block claims ", num_restarts, " restart points but has room for ",
                                            max_restarts));
  }
  const size_t entries_end = contents.size() - 4 - 4 * num_restarts;
  const char* restarts = contents.data() + entries_end;
  if (entries_end == 0) {
    // An empty block (LevelDB writes one restart point at offset 0 even then).
    for (uint64_t i = 0; i < num_restarts; ++i) {
      if (DecodeFixed32(restarts + 4 * i) != 0) return absl::DataLossError("empty block with a bad restart point");
    }
    return absl::OkStatus();
  }
  if (num_restarts == 0) return absl::DataLossError("block has entries but no restart points");

  std::string key;
  uint64_t next_restart = 0;  // index of the next restart point we expect to meet
  absl::string_view in = contents.substr(0, entries_end);
  while (!in.empty()) {
    const uint64_t entry_offset = entries_end - in.size();
    const bool at_restart =
        next_restart < num_restarts && DecodeFixed32(restarts + 4 * next_restart) == entry_offset;
    uint32_t shared, non_shared, value_size;
    if (!GetVarint32(&in, &shared) || !GetVarint32(&in, &non_shared) || !GetVarint32(&in, &value_size)) {
      return absl::DataLossError(absl::StrCat("bad entry header at block offset ", entry_offset));
    }
    if (shared > key.size() || (at_restart && shared != 0) || (entry_offset == 0 && shared != 0)) {
      return absl::DataLossError(absl::StrCat("bad shared key length ", shared, " at block offset ",
                                              entry_offset));
    }
    if (static_cast<uint64_t>(non_shared) + value_size > in.size()) {
      return absl::DataLossError(absl::StrCat("entry at block offset ", entry_offset,
                                              " runs past the end of the block"));
    }
    key.resize(shared);
    key.append(in.data(), non_shared);
    const absl::string_view value = in.substr(non_shared, value_size);
    in.remove_prefix(static_cast<size_t>(non_shared) + value_size);
    if (at_restart) ++next_restart;
    RETURN_IF_ERROR(fn(key, value));
  }
  if (next_restart != num_restarts) {
    return absl::DataLossError(absl::StrCat("restart point ", next_restart, " of ", num_restarts,
                                            " does not start an entry"));
  }
  return absl::OkStatus();
}

}  // namespace rill::io
