// Reads TensorFlow checkpoint V2 bundles (`<prefix>.index` + `<prefix>.data-NNNNN-of-NNNNN`), written by
// TensorFlow or by BundleWriter. Every tensor read is checked against its CRC32C; damage and truncation
// are DataLoss errors naming the tensor and file.
#ifndef RILL_IO_BUNDLE_READER_H_
#define RILL_IO_BUNDLE_READER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/tensor.h"
#include "graph/tensor_bundle.pb.h"
#include "io/random_access_file.h"

namespace rill::io {

struct BundleReaderOptions {
  // Caps on what one Lookup may allocate.
  TensorLimits limits;
  // Cap on the bytes of tensor names held in memory.
  int64_t max_index_key_bytes = int64_t{64} << 20;
};

// What the index says about one tensor.
struct BundleEntryInfo {
  DataType dtype = DT_INVALID;
  TensorShape shape;
};

class BundleReader {
 public:
  // Opens the bundle: reads and checks the whole index (every block CRC, the header, each entry's shape and
  // its byte range against the data file's size).
  static absl::StatusOr<std::unique_ptr<BundleReader>> Open(const std::string& prefix,
                                                            const BundleReaderOptions& options = {});

  // Tensor names, sorted.
  std::vector<std::string> ListEntries() const;
  // True if the bundle has a tensor called `name`.
  bool Contains(absl::string_view name) const;
  // dtype and shape of `name`; NotFound if absent.
  absl::StatusOr<BundleEntryInfo> GetEntry(absl::string_view name) const;
  // The raw index entry of `name`; NotFound if absent.
  absl::StatusOr<BundleEntryProto> GetEntryProto(absl::string_view name) const;

  // Reads tensor `name`, verifying its CRC32C. Unimplemented for dtypes rill's Tensor cannot hold and for
  // partitioned (sliced) variables.
  absl::StatusOr<Tensor> Lookup(absl::string_view name) const;
  // Reads rows [start, start + length) of the first dimension of a fixed-size tensor, reading only those
  // bytes. The entry's CRC covers the whole tensor, so the rows are not checksummed unless
  // `verify_checksum`, which streams the whole tensor through the CRC first (bounded memory).
  absl::StatusOr<Tensor> LookupSlice(absl::string_view name, int64_t start, int64_t length,
                                     bool verify_checksum = false) const;
  // The verified stored bytes of any tensor (whatever its dtype; strings in their stored encoding).
  absl::StatusOr<std::string> ReadRawBytes(absl::string_view name) const;

  const BundleHeaderProto& header() const { return header_; }
  const std::string& prefix() const { return prefix_; }

 private:
  BundleReader(std::string prefix, const BundleReaderOptions& options)
      : prefix_(std::move(prefix)), options_(options) {}
  absl::Status LoadIndex();
  absl::Status OpenDataFiles();
  absl::StatusOr<const BundleEntryProto*> FindEntry(absl::string_view name) const;
  // Reads the entry's stored bytes into dst (entry.size() bytes); for fixed-size dtypes also checks the CRC.
  absl::Status ReadVerified(absl::string_view name, const BundleEntryProto& entry, char* dst) const;
  absl::Status ChecksumMismatch(absl::string_view name, const BundleEntryProto& entry) const;
  std::string DataPath(const BundleEntryProto& entry) const;

  const std::string prefix_;
  const BundleReaderOptions options_;
  BundleHeaderProto header_;
  std::map<std::string, BundleEntryProto, std::less<>> entries_;
  std::map<int, std::unique_ptr<RandomAccessFile>> data_files_;  // by shard id
};

}  // namespace rill::io

#endif  // RILL_IO_BUNDLE_READER_H_
