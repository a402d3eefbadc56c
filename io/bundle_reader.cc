// Checkpoint V2 reading; see bundle_reader.h.
#include "io/bundle_reader.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/bundle_format.h"
#include "io/crc32c.h"
#include "io/table_reader.h"

namespace rill::io {
namespace {

// Streaming CRC checks read at most this much at a time.
constexpr int64_t kChunkBytes = 1 << 20;

// bool elements must be 0 or 1 in memory; TF writes only those, but a crafted file could hold others.
void NormalizeBools(Tensor* t) {
  auto* p = static_cast<unsigned char*>(t->raw_data());
  for (int64_t i = 0; i < t->num_elements(); ++i) p[i] = p[i] != 0 ? 1 : 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<BundleReader>> BundleReader::Open(const std::string& prefix,
                                                                 const BundleReaderOptions& options) {
  std::unique_ptr<BundleReader> reader(new BundleReader(prefix, options));
  RETURN_IF_ERROR(reader->LoadIndex());
  RETURN_IF_ERROR(reader->OpenDataFiles());
  return reader;
}

absl::Status BundleReader::LoadIndex() {
  const std::string index_path = MetaFilename(prefix_);
  ASSIGN_OR_RETURN(std::unique_ptr<TableReader> table,
                   TableReader::Open(index_path, {.max_index_key_bytes = options_.max_index_key_bytes}));
  bool saw_header = false;
  int64_t key_bytes = 0;
  absl::Status s = table->ForEach([&](absl::string_view key, absl::string_view value) -> absl::Status {
    if (!saw_header) {
      if (key != kBundleHeaderKey) return absl::DataLossError("the first entry is not the bundle header");
      if (!header_.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        return absl::DataLossError("cannot parse the bundle header");
      }
      saw_header = true;
      return CheckBundleHeader(header_);
    }
    key_bytes += static_cast<int64_t>(key.size());
    if (key_bytes > options_.max_index_key_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat("tensor names exceed the limit of ",
                                                       options_.max_index_key_bytes, " bytes"));
    }
    BundleEntryProto entry;
    if (!entry.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      return absl::DataLossError(absl::StrCat("cannot parse the entry of tensor '", key, "'"));
    }
    const absl::StatusOr<TensorShape> shape = TensorShape::FromProto(entry.shape());
    if (!shape.ok()) {
      return absl::DataLossError(absl::StrCat("tensor '", key, "': bad shape: ", shape.status().message()));
    }
    if (entry.shard_id() < 0 || entry.shard_id() >= header_.num_shards() || entry.offset() < 0 ||
        entry.size() < 0) {
      return absl::DataLossError(absl::StrCat("tensor '", key, "': bad location (shard ", entry.shard_id(),
                                              " of ", header_.num_shards(), ", offset ", entry.offset(),
                                              ", size ", entry.size(), ")"));
    }
    entries_.emplace(std::string(key), std::move(entry));
    return absl::OkStatus();
  });
  if (s.ok() && !saw_header) s = absl::DataLossError("the index has no bundle header");
  RETURN_IF_ERROR_WITH_CONTEXT(s, absl::StrCat("checkpoint index '", index_path, "'"));
  return absl::OkStatus();
}

std::string BundleReader::DataPath(const BundleEntryProto& entry) const {
  return DataFilename(prefix_, entry.shard_id(), header_.num_shards());
}

absl::Status BundleReader::OpenDataFiles() {
  for (const auto& [name, entry] : entries_) {
    if (!entry.slices().empty()) continue;  // partitioned variables keep their bytes in slice entries
    auto it = data_files_.find(entry.shard_id());
    if (it == data_files_.end()) {
      ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, RandomAccessFile::Open(DataPath(entry)));
      it = data_files_.emplace(entry.shard_id(), std::move(file)).first;
    }
    const int64_t file_size = it->second->size();
    if (entry.offset() > file_size || entry.size() > file_size - entry.offset()) {
      return absl::DataLossError(absl::StrCat("checkpoint '", prefix_, "': tensor '", name, "' needs bytes [",
                                              entry.offset(), ", ", entry.offset() + entry.size(), ") of '",
                                              it->second->path(), "', which has only ", file_size,
                                              " bytes (truncated?)"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> BundleReader::ListEntries() const {
  std::vector<std::string> names;
  names.reserve(entries_.size());
  for (const auto& [name, entry] : entries_) names.push_back(name);
  return names;
}

bool BundleReader::Contains(absl::string_view name) const { return entries_.find(name) != entries_.end(); }

absl::StatusOr<const BundleEntryProto*> BundleReader::FindEntry(absl::string_view name) const {
  const auto it = entries_.find(name);
  if (it == entries_.end()) {
    return absl::NotFoundError(absl::StrCat("tensor '", name, "' not found in checkpoint '", prefix_, "'"));
  }
  return &it->second;
}

absl::StatusOr<BundleEntryProto> BundleReader::GetEntryProto(absl::string_view name) const {
  ASSIGN_OR_RETURN(const BundleEntryProto* entry, FindEntry(name));
  return *entry;
}

absl::StatusOr<BundleEntryInfo> BundleReader::GetEntry(absl::string_view name) const {
  ASSIGN_OR_RETURN(const BundleEntryProto* entry, FindEntry(name));
  BundleEntryInfo info;
  info.dtype = entry->dtype();
  ASSIGN_OR_RETURN(info.shape, TensorShape::FromProto(entry->shape()));  // validated at Open
  return info;
}

absl::Status BundleReader::ChecksumMismatch(absl::string_view name, const BundleEntryProto& entry) const {
  return absl::DataLossError(absl::StrCat("checkpoint '", prefix_, "': tensor '", name,
                                          "': checksum mismatch in '", DataPath(entry), "' (bytes ",
                                          entry.offset(), "..", entry.offset() + entry.size(), ")"));
}

absl::Status BundleReader::ReadVerified(absl::string_view name, const BundleEntryProto& entry,
                                        char* dst) const {
  const RandomAccessFile& file = *data_files_.at(entry.shard_id());
  RETURN_IF_ERROR(file.ReadInto(entry.offset(), entry.size(), dst));
  // String entries are checksummed over their decoded lengths; the caller checks them when decoding.
  if (entry.dtype() == DT_STRING) return absl::OkStatus();
  if (crc32c::Value(dst, entry.size()) != crc32c::Unmask(entry.crc32c())) return ChecksumMismatch(name, entry);
  return absl::OkStatus();
}

absl::StatusOr<std::string> BundleReader::ReadRawBytes(absl::string_view name) const {
  ASSIGN_OR_RETURN(const BundleEntryProto* entry, FindEntry(name));
  if (!entry->slices().empty()) {
    return absl::UnimplementedError(absl::StrCat("tensor '", name, "' is a partitioned variable"));
  }
  if (entry->size() > options_.limits.max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("tensor '", name, "' has ", entry->size(),
                                                     " bytes, over the limit of ", options_.limits.max_bytes));
  }
  std::string bytes(entry->size(), '\0');
  RETURN_IF_ERROR(ReadVerified(name, *entry, bytes.data()));
  if (entry->dtype() == DT_STRING) {
    ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromProto(entry->shape()));
    uint32_t crc;
    RETURN_IF_ERROR_WITH_CONTEXT(DecodeStringTensor(bytes, shape.num_elements(), nullptr, &crc),
                                 absl::StrCat("checkpoint '", prefix_, "': tensor '", name, "'"));
    if (crc != crc32c::Unmask(entry->crc32c())) return ChecksumMismatch(name, *entry);
  }
  return bytes;
}

absl::StatusOr<Tensor> BundleReader::Lookup(absl::string_view name) const {
  ASSIGN_OR_RETURN(const BundleEntryProto* entry, FindEntry(name));
  const DataType dtype = entry->dtype();
  if (!entry->slices().empty()) {
    return absl::UnimplementedError(absl::StrCat("tensor '", name, "' in checkpoint '", prefix_,
                                                 "' is a partitioned variable; reading slices is not supported"));
  }
  if (dtype != DT_STRING && DataTypeSize(dtype) == 0) {
    return absl::UnimplementedError(absl::StrCat("tensor '", name, "' has dtype ", DataTypeString(dtype),
                                                 ", which rill's Tensor cannot hold (ReadRawBytes reads it)"));
  }
  ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromProto(entry->shape()));
  if (dtype == DT_STRING) {
    // At least one length byte per element: bounds the allocation by the bytes actually stored.
    if (shape.num_elements() > entry->size()) {
      return absl::DataLossError(absl::StrCat("checkpoint '", prefix_, "': tensor '", name, "' has ",
                                              shape.num_elements(), " strings in only ", entry->size(), " bytes"));
    }
    if (entry->size() > options_.limits.max_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat("tensor '", name, "' has ", entry->size(),
                                                       " bytes, over the limit of ", options_.limits.max_bytes));
    }
    std::string bytes(entry->size(), '\0');
    RETURN_IF_ERROR(ReadVerified(name, *entry, bytes.data()));
    ASSIGN_OR_RETURN(Tensor t, Tensor::Create(DT_STRING, shape, options_.limits));
    uint32_t crc;
    RETURN_IF_ERROR_WITH_CONTEXT(DecodeStringTensor(bytes, shape.num_elements(), t.data<std::string>(), &crc),
                                 absl::StrCat("checkpoint '", prefix_, "': tensor '", name, "'"));
    if (crc != crc32c::Unmask(entry->crc32c())) return ChecksumMismatch(name, *entry);
    return t;
  }
  if (entry->size() != shape.num_elements() * DataTypeSize(dtype)) {
    return absl::DataLossError(absl::StrCat("checkpoint '", prefix_, "': tensor '", name, "' (",
                                            DataTypeString(dtype), " ", shape.DebugString(), ") has ",
                                            entry->size(), " bytes, expected ",
                                            shape.num_elements() * DataTypeSize(dtype)));
  }
  ASSIGN_OR_RETURN(Tensor t, Tensor::Create(dtype, shape, options_.limits));
  RETURN_IF_ERROR(ReadVerified(name, *entry, static_cast<char*>(t.raw_data())));
  if (dtype == DT_BOOL) NormalizeBools(&t);
  return t;
}

absl::StatusOr<Tensor> BundleReader::LookupSlice(absl::string_view name, int64_t start, int64_t length,
                                                 bool verify_checksum) const {
  ASSIGN_OR_RETURN(const BundleEntryProto* entry, FindEntry(name));
  ASSIGN_OR_RETURN(BundleEntryInfo info, GetEntry(name));
  const int64_t element_size = DataTypeSize(info.dtype);
  if (element_size == 0 || !entry->slices().empty()) {
    return absl::UnimplementedError(absl::StrCat("LookupSlice of tensor '", name, "' (",
                                                 DataTypeString(info.dtype),
                                                 "): only unpartitioned fixed-size tensors are supported"));
  }
  if (info.shape.rank() == 0) {
    return absl::InvalidArgumentError(absl::StrCat("LookupSlice of scalar tensor '", name, "'"));
  }
  const int64_t rows = info.shape.dim(0);
  if (start < 0 || length < 0 || start > rows || length > rows - start) {
    return absl::InvalidArgumentError(absl::StrCat("LookupSlice of tensor '", name, "': rows [", start, ", ",
                                                   start, "+", length, ") outside [0, ", rows, ")"));
  }
  if (entry->size() != info.shape.num_elements() * element_size) {
    return absl::DataLossError(absl::StrCat("checkpoint '", prefix_, "': tensor '", name, "' has ",
                                            entry->size(), " bytes, expected ",
                                            info.shape.num_elements() * element_size));
  }
  const RandomAccessFile& file = *data_files_.at(entry->shard_id());
  if (verify_checksum) {
    uint32_t crc = 0;
    std::string chunk;
    for (int64_t done = 0; done < entry->size(); done += static_cast<int64_t>(chunk.size())) {
      RETURN_IF_ERROR(file.Read(entry->offset() + done, std::min(kChunkBytes, entry->size() - done), &chunk));
      crc = crc32c::Extend(crc, chunk);
    }
    if (crc != crc32c::Unmask(entry->crc32c())) return ChecksumMismatch(name, *entry);
  }
  std::vector<int64_t> dims = info.shape.dims();
  dims[0] = length;
  ASSIGN_OR_RETURN(TensorShape slice_shape, TensorShape::Create(dims));
  ASSIGN_OR_RETURN(Tensor t, Tensor::Create(info.dtype, slice_shape, options_.limits));
  const int64_t row_bytes = rows == 0 ? 0 : entry->size() / rows;
  RETURN_IF_ERROR(file.ReadInto(entry->offset() + start * row_bytes, length * row_bytes,
                                static_cast<char*>(t.raw_data())));
  if (info.dtype == DT_BOOL) NormalizeBools(&t);
  return t;
}

}  // namespace rill::io
