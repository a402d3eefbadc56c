// Checkpoint V2 writing; see bundle_writer.h.
#include "io/bundle_writer.h"

#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "io/bundle_format.h"
#include "io/crc32c.h"
#include "io/file_system.h"
#include "io/table_builder.h"

namespace rill::io {

absl::StatusOr<std::unique_ptr<BundleWriter>> BundleWriter::Create(const std::string& prefix,
                                                                   const BundleWriterOptions& options) {
  if (prefix.empty()) return absl::InvalidArgumentError("checkpoint prefix is empty");
  RETURN_IF_ERROR(CreateDirRecursively(Dirname(prefix)));
  std::unique_ptr<BundleWriter> writer(new BundleWriter(prefix, options));
  ASSIGN_OR_RETURN(writer->data_, WritableFile::Create(writer->data_tmp_path_, options.fault,
                                                       WritableFile::Mode::kExclusive));
  return writer;
}

BundleWriter::BundleWriter(std::string prefix, const BundleWriterOptions& options)
    : prefix_(std::move(prefix)),
      options_(options),
      data_tmp_path_(TempFilename(DataFilename(prefix_, 0, 1))),
      index_tmp_path_(TempFilename(MetaFilename(prefix_))) {}

BundleWriter::~BundleWriter() {
  if (!finished_) Abandon();
}

void BundleWriter::Abandon() {
  data_.reset();
  // Best effort: these are our own temporary files; nothing else refers to them.
  ::unlink(data_tmp_path_.c_str());
  ::unlink(index_tmp_path_.c_str());
}

absl::Status BundleWriter::StartEntry(absl::string_view name, DataType dtype, const TensorShape& shape,
                                      BundleEntryProto** entry) {
  RETURN_IF_ERROR(status_);
  if (finished_) return absl::FailedPreconditionError(absl::StrCat("bundle '", prefix_, "' is finished"));
  if (name == kBundleHeaderKey) {
    return absl::InvalidArgumentError("a tensor name may not be empty (that key holds the bundle header)");
  }
  const std::string key(name);
  if (entries_.count(key) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("duplicate tensor name '", name, "' in bundle '", prefix_, "'"));
  }
  BundleEntryProto& e = entries_[key];
  e.set_dtype(dtype);
  shape.ToProto(e.mutable_shape());  // TF always sets the shape, even for scalars
  e.set_shard_id(0);
  e.set_offset(data_size_);
  *entry = &e;
  return absl::OkStatus();
}

absl::Status BundleWriter::AddRaw(absl::string_view name, DataType dtype, const TensorShape& shape,
                                  absl::string_view bytes) {
  const int64_t element_size = DataTypeSize(dtype);
  if (element_size == 0) {
    return absl::UnimplementedError(absl::StrCat("cannot save tensor '", name, "' of dtype ",
                                                 DataTypeString(dtype), " as raw bytes"));
  }
  if (static_cast<int64_t>(bytes.size()) != shape.num_elements() * element_size) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", name, "': ", bytes.size(), " bytes for ",
                                                   DataTypeString(dtype), " ", shape.DebugString()));
  }
  BundleEntryProto* entry;
  RETURN_IF_ERROR(StartEntry(name, dtype, shape, &entry));
  status_ = data_->Append(bytes);
  RETURN_IF_ERROR(status_);
  entry->set_size(static_cast<int64_t>(bytes.size()));
  entry->set_crc32c(crc32c::Mask(crc32c::Value(bytes)));
  data_size_ += static_cast<int64_t>(bytes.size());
  return absl::OkStatus();
}

absl::Status BundleWriter::AddStrings(absl::string_view name, const TensorShape& shape,
                                      absl::Span<const std::string> values) {
  if (static_cast<int64_t>(values.size()) != shape.num_elements()) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", name, "': ", values.size(),
                                                   " strings for shape ", shape.DebugString()));
  }
  BundleEntryProto* entry;
  RETURN_IF_ERROR(StartEntry(name, DT_STRING, shape, &entry));
  uint32_t crc;
  const std::string prefix = EncodeStringTensorPrefix(values, &crc);
  status_ = data_->Append(prefix);
  int64_t size = static_cast<int64_t>(prefix.size());
  for (const std::string& v : values) {
    if (!status_.ok()) break;
    status_ = data_->Append(v);
    crc = crc32c::Extend(crc, v);
    size += static_cast<int64_t>(v.size());
  }
  RETURN_IF_ERROR(status_);
  entry->set_size(size);
  entry->set_crc32c(crc32c::Mask(crc));
  data_size_ += size;
  return absl::OkStatus();
}

absl::Status BundleWriter::Add(absl::string_view name, const Tensor& tensor) {
  if (!tensor.valid()) return absl::InvalidArgumentError(absl::StrCat("tensor '", name, "' is empty"));
  switch (tensor.dtype()) {
    case DT_FLOAT:
    case DT_DOUBLE:
    case DT_INT32:
    case DT_INT64:
    case DT_UINT8:
    case DT_BOOL:
      return AddRaw(name, tensor.dtype(), tensor.shape(), tensor.bytes());
    case DT_STRING:
      return AddStrings(name, tensor.shape(),
                        absl::MakeConstSpan(tensor.data<std::string>(), tensor.num_elements()));
    default:
      return absl::UnimplementedError(absl::StrCat("cannot save tensor '", name, "' of dtype ",
                                                   DataTypeString(tensor.dtype()), " in a checkpoint"));
  }
}

absl::Status BundleWriter::WriteIndex() {
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file,
                   WritableFile::Create(index_tmp_path_, options_.fault, WritableFile::Mode::kExclusive));
  TableBuilder builder(file.get());
  RETURN_IF_ERROR(builder.Add(kBundleHeaderKey, MakeBundleHeader(1).SerializeAsString()));
  for (const auto& [name, entry] : entries_) RETURN_IF_ERROR(builder.Add(name, entry.SerializeAsString()));
  RETURN_IF_ERROR(builder.Finish());
  if (options_.sync) RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

absl::Status BundleWriter::Finish() {
  RETURN_IF_ERROR(status_);
  if (finished_) return absl::FailedPreconditionError(absl::StrCat("bundle '", prefix_, "' is finished"));
  status_ = [&]() -> absl::Status {
    if (options_.sync) RETURN_IF_ERROR(data_->Sync());
    RETURN_IF_ERROR(data_->Close());
    RETURN_IF_ERROR(WriteIndex());
    // The data file first: an index never names data that is not in place.
    RETURN_IF_ERROR(RenameFile(data_tmp_path_, DataFilename(prefix_, 0, 1), options_.fault));
    RETURN_IF_ERROR(RenameFile(index_tmp_path_, MetaFilename(prefix_), options_.fault));
    if (options_.sync) RETURN_IF_ERROR(SyncDir(Dirname(prefix_), options_.fault));
    return absl::OkStatus();
  }();
  RETURN_IF_ERROR_WITH_CONTEXT(status_, absl::StrCat("writing checkpoint '", prefix_, "'"));
  finished_ = true;
  return absl::OkStatus();
}

}  // namespace rill::io
