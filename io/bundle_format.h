// TensorFlow checkpoint V2 ("tensor bundle") layout shared by BundleWriter and BundleReader: file names,
// the header entry, and the encoding of string tensors in the data file.
#ifndef RILL_IO_BUNDLE_FORMAT_H_
#define RILL_IO_BUNDLE_FORMAT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "graph/tensor_bundle.pb.h"

namespace rill::io {

// The .index key of the BundleHeaderProto; it sorts before every tensor name.
inline constexpr absl::string_view kBundleHeaderKey = "";
// TensorFlow's tensor bundle format versions.
inline constexpr int kTensorBundleVersion = 1;
inline constexpr int kTensorBundleMinConsumer = 0;
inline constexpr int kTensorBundleMinProducer = 0;

// "<prefix>.index".
std::string MetaFilename(absl::string_view prefix);
// "<prefix>.data-00000-of-00001" (shard numbers with five digits).
std::string DataFilename(absl::string_view prefix, int shard, int num_shards);

// The header TensorFlow writes: num_shards, LITTLE endianness, version {producer: 1}.
BundleHeaderProto MakeBundleHeader(int num_shards);
// Checks that a header can be read by this implementation: little-endian, a version this reader accepts,
// at least one shard.
absl::Status CheckBundleHeader(const BundleHeaderProto& header);

// String tensors are stored as: varint64 length of each element, a uint32 masked CRC32C of the lengths
// (taken over each length as a little-endian uint32, or uint64 if it does not fit), then the bytes of
// every element. The entry's crc32c covers the lengths (as above), the stored length checksum and the bytes.
//
// Returns the lengths and the length checksum; *crc receives the running CRC after them. The caller
// appends the element bytes and extends *crc over them.
std::string EncodeStringTensorPrefix(absl::Span<const std::string> values, uint32_t* crc);

// Decodes a string tensor of `num_elements` elements from its complete stored bytes into out[0..n) (or
// only checks it if `out` is null), and returns in *crc the CRC to compare with the entry's (unmasked)
// crc32c. DataLoss when the lengths are malformed, their checksum does not match, or they do not add up to
// exactly `bytes`.
absl::Status DecodeStringTensor(absl::string_view bytes, int64_t num_elements, std::string* out,
                                uint32_t* crc);

}  // namespace rill::io

#endif  // RILL_IO_BUNDLE_FORMAT_H_
