// Writes a TensorFlow checkpoint V2 bundle: `<prefix>.data-00000-of-00001` with the tensors' raw
// little-endian bytes and `<prefix>.index`, a LevelDB-format table of BundleEntryProtos, byte-for-byte as
// TensorFlow's BundleWriter does. Files are written under temporary names, fsynced and renamed into place.
#ifndef RILL_IO_BUNDLE_WRITER_H_
#define RILL_IO_BUNDLE_WRITER_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "graph/tensor.h"
#include "graph/tensor_bundle.pb.h"
#include "io/writable_file.h"
#include "io/write_fault.h"

namespace rill::io {

struct BundleWriterOptions {
  WriteFaultInjector* fault = nullptr;  // not owned; for crash tests
  // fsync both files and the directory before Finish() returns (what makes a save durable).
  bool sync = true;
};

class BundleWriter {
 public:
  // Starts a bundle at `prefix` (its directory is created if missing).
  static absl::StatusOr<std::unique_ptr<BundleWriter>> Create(const std::string& prefix,
                                                              const BundleWriterOptions& options = {});
  // Without Finish(), deletes the temporary files: nothing appears under the final names.
  ~BundleWriter();

  // Adds a tensor. Names must be unique and non-empty (the empty key holds the header); InvalidArgument
  // otherwise. Numeric, bool and string tensors are supported; others are Unimplemented.
  absl::Status Add(absl::string_view name, const Tensor& tensor);
  // Adds a fixed-size tensor from its little-endian element bytes (bytes.size() must match the shape).
  absl::Status AddRaw(absl::string_view name, DataType dtype, const TensorShape& shape,
                      absl::string_view bytes);
  // Adds a DT_STRING tensor from its elements (row-major).
  absl::Status AddStrings(absl::string_view name, const TensorShape& shape,
                          absl::Span<const std::string> values);

  // Completes the data file, writes the index and renames both into place. After the first error every
  // call returns it.
  absl::Status Finish();

  const std::string& prefix() const { return prefix_; }

 private:
  BundleWriter(std::string prefix, const BundleWriterOptions& options);
  absl::Status StartEntry(absl::string_view name, DataType dtype, const TensorShape& shape,
                          BundleEntryProto** entry);
  absl::Status WriteIndex();
  void Abandon();

  const std::string prefix_;
  const BundleWriterOptions options_;
  std::string data_tmp_path_;
  std::string index_tmp_path_;
  std::unique_ptr<WritableFile> data_;
  std::map<std::string, BundleEntryProto> entries_;  // sorted, as the index needs them
  int64_t data_size_ = 0;
  bool finished_ = false;
  absl::Status status_;
};

}  // namespace rill::io

#endif  // RILL_IO_BUNDLE_WRITER_H_
