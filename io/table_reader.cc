// LevelDB-format table reading with full validation; see table_reader.h.
#include "io/table_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/block_reader.h"

namespace rill::io {

std::string TableReader::Where() const { return absl::StrCat("'", file_->path(), "'"); }

absl::StatusOr<std::unique_ptr<TableReader>> TableReader::Open(const std::string& path,
                                                               const TableReaderOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, RandomAccessFile::Open(path));
  std::unique_ptr<TableReader> reader(new TableReader(std::move(file)));
  RETURN_IF_ERROR(reader->LoadIndex(options));
  return reader;
}

absl::Status TableReader::LoadIndex(const TableReaderOptions& options) {
  const int64_t size = file_->size();
  if (size < kTableFooterSize) {
    return absl::DataLossError(absl::StrCat(Where(), ": ", size, " bytes is too small to be a table (",
                                            kTableFooterSize, "-byte footer)"));
  }
  std::string footer_bytes;
  RETURN_IF_ERROR(file_->Read(size - kTableFooterSize, kTableFooterSize, &footer_bytes));
  absl::StatusOr<Footer> footer = DecodeFooter(footer_bytes);
  if (!footer.ok()) {
    return absl::DataLossError(absl::StrCat(Where(), ": footer at offset ", size - kTableFooterSize, ": ",
                                            footer.status().message()));
  }
  // TensorFlow's layout: data blocks, then the metaindex block, the index block and the footer, with no
  // gaps. Checking that lets no byte of the file go unchecked.
  const uint64_t footer_offset = static_cast<uint64_t>(size - kTableFooterSize);
  const BlockHandle& meta = footer->metaindex;
  const BlockHandle& index = footer->index;
  if (index.offset > footer_offset || index.size > footer_offset ||
      index.offset + index.size + kBlockTrailerSize != footer_offset || meta.offset > index.offset ||
      meta.size > index.offset || meta.offset + meta.size + kBlockTrailerSize != index.offset) {
    return absl::DataLossError(absl::StrCat(Where(), ": footer block handles (metaindex at ", meta.offset,
                                            "+", meta.size, ", index at ", index.offset, "+", index.size,
                                            ") do not fit the file of ", size, " bytes"));
  }
  std::string meta_contents, index_contents;
  RETURN_IF_ERROR(ReadBlock(*file_, meta, &meta_contents));
  RETURN_IF_ERROR_WITH_CONTEXT(ForEachBlockEntry(meta_contents,
                                                 [](absl::string_view, absl::string_view) {
                                                   return absl::OkStatus();
                                                 }),
                               absl::StrCat(Where(), ": metaindex block at offset ", meta.offset));
  RETURN_IF_ERROR(ReadBlock(*file_, index, &index_contents));

  int64_t key_bytes = 0;
  uint64_t expected_offset = 0;
  absl::Status s = ForEachBlockEntry(index_contents, [&](absl::string_view key, absl::string_view value) {
    if (!index_.empty() && key <= absl::string_view(index_.back().separator)) {
      return absl::DataLossError(absl::StrCat("index keys out of order at '", key, "'"));
    }
    key_bytes += static_cast<int64_t>(key.size());
    if (key_bytes > options.max_index_key_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat("index keys exceed the limit of ",
                                                       options.max_index_key_bytes, " bytes"));
    }
    BlockHandle handle;
    if (!DecodeBlockHandle(&value, &handle) || !value.empty()) {
      return absl::DataLossError(absl::StrCat("bad block handle for index key '", key, "'"));
    }
    if (handle.offset != expected_offset || handle.size > meta.offset ||
        handle.offset + handle.size + kBlockTrailerSize > meta.offset) {
      return absl::DataLossError(absl::StrCat("data block handle ", handle.offset, "+", handle.size,
                                              " for index key '", key, "' does not follow the previous block at ",
                                              expected_offset));
    }
    expected_offset = handle.offset + handle.size + kBlockTrailerSize;
    index_.push_back({std::string(key), handle});
    return absl::OkStatus();
  });
  RETURN_IF_ERROR_WITH_CONTEXT(s, absl::StrCat(Where(), ": index block at offset ", index.offset));
  if (expected_offset != meta.offset) {
    return absl::DataLossError(absl::StrCat(Where(), ": data blocks end at offset ", expected_offset,
                                            " but the metaindex block starts at ", meta.offset));
  }
  return absl::OkStatus();
}

absl::Status TableReader::ForEachInBlock(
    size_t i, absl::FunctionRef<absl::Status(absl::string_view key, absl::string_view value)> fn) const {
  const IndexEntry& entry = index_[i];
  std::string contents;
  RETURN_IF_ERROR(ReadBlock(*file_, entry.handle, &contents));
  std::string previous;
  bool first = true;
  absl::Status s = ForEachBlockEntry(contents, [&](absl::string_view key, absl::string_view value) {
    const bool sorted = first ? (i == 0 || key > absl::string_view(index_[i - 1].separator))
                              : key > absl::string_view(previous);
    if (!sorted || key > absl::string_view(entry.separator)) {
      return absl::DataLossError(absl::StrCat("key '", key, "' is out of order"));
    }
    first = false;
    previous.assign(key.data(), key.size());
    return fn(key, value);
  });
  if (s.ok() && first) s = absl::DataLossError("empty data block");
  if (!s.ok() && s.code() == absl::StatusCode::kDataLoss) {
    return absl::DataLossError(absl::StrCat(Where(), ": data block at offset ", entry.handle.offset, ": ",
                                            s.message()));
  }
  return s;
}

absl::Status TableReader::ForEach(
    absl::FunctionRef<absl::Status(absl::string_view key, absl::string_view value)> fn) const {
  for (size_t i = 0; i < index_.size(); ++i) RETURN_IF_ERROR(ForEachInBlock(i, fn));
  return absl::OkStatus();
}

absl::StatusOr<std::string> TableReader::Get(absl::string_view key) const {
  // The first block whose separator is >= key is the only one that can hold it.
  const auto it = std::lower_bound(index_.begin(), index_.end(), key,
                                   [](const IndexEntry& e, absl::string_view k) { return e.separator < k; });
  if (it != index_.end()) {
    std::string found;
    bool hit = false;
    RETURN_IF_ERROR(ForEachInBlock(it - index_.begin(), [&](absl::string_view k, absl::string_view v) {
      if (k == key) {
        found.assign(v.data(), v.size());
        hit = true;
      }
      return absl::OkStatus();
    }));
    if (hit) return found;
  }
  return absl::NotFoundError(absl::StrCat("key '", key, "' not found in table ", Where()));
}

}  // namespace rill::io
