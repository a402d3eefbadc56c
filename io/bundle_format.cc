// Checkpoint V2 names, header and string-tensor encoding; see bundle_format.h.
#include "io/bundle_format.h"

#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "io/coding.h"
#include "io/crc32c.h"

namespace rill::io {
namespace {

// TF checksums each length as the integer's little-endian bytes: 4 of them when it fits in 32 bits.
uint32_t ExtendWithLength(uint32_t crc, uint64_t length) {
  char buf[8];
  if (length <= std::numeric_limits<uint32_t>::max()) {
    EncodeFixed32(buf, static_cast<uint32_t>(length));
    return crc32c::Extend(crc, buf, 4);
  }
  EncodeFixed64(buf, length);
  return crc32c::Extend(crc, buf, 8);
}

}  // namespace

std::string MetaFilename(absl::string_view prefix) { return absl::StrCat(prefix, ".index"); }

std::string DataFilename(absl::string_view prefix, int shard, int num_shards) {
  return absl::StrFormat("%s.data-%05d-of-%05d", prefix, shard, num_shards);
}

BundleHeaderProto MakeBundleHeader(int num_shards) {
  BundleHeaderProto header;
  header.set_num_shards(num_shards);
  header.set_endianness(BundleHeaderProto::LITTLE);
  header.mutable_version()->set_producer(kTensorBundleVersion);
  header.mutable_version()->set_min_consumer(kTensorBundleMinConsumer);
  return header;
}

absl::Status CheckBundleHeader(const BundleHeaderProto& header) {
  if (header.endianness() != BundleHeaderProto::LITTLE) {
    return absl::UnimplementedError("big-endian checkpoints are not supported");
  }
  if (header.num_shards() < 1) {
    return absl::DataLossError(absl::StrCat("header says ", header.num_shards(), " shards"));
  }
  const VersionDef& v = header.version();
  if (v.producer() < kTensorBundleMinProducer) {
    return absl::FailedPreconditionError(absl::StrCat("checkpoint producer version ", v.producer(),
                                                      " is older than the oldest supported (",
                                                      kTensorBundleMinProducer, ")"));
  }
  if (v.min_consumer() > kTensorBundleVersion) {
    return absl::FailedPreconditionError(absl::StrCat("checkpoint needs a reader of version ",
                                                      v.min_consumer(), " or newer; this one is ",
                                                      kTensorBundleVersion));
  }
  for (int bad : v.bad_consumers()) {
    if (bad == kTensorBundleVersion) {
      return absl::FailedPreconditionError(
          absl::StrCat("checkpoint disallows reader version ", kTensorBundleVersion));
    }
  }
  return absl::OkStatus();
}

std::string EncodeStringTensorPrefix(absl::Span<const std::string> values, uint32_t* crc) {
  std::string out;
  uint32_t c = 0;
  for (const std::string& v : values) {
    PutVarint64(&out, v.size());
    c = ExtendWithLength(c, v.size());
  }
  const size_t checksum_at = out.size();
  PutFixed32(&out, crc32c::Mask(c));
  *crc = crc32c::Extend(c, out.data() + checksum_at, 4);
  return out;
}

absl::Status DecodeStringTensor(absl::string_view bytes, int64_t num_elements, std::string* out,
                                uint32_t* crc) {
  *crc = 0;
  if (bytes.empty() && num_elements == 0) return absl::OkStatus();  // TF reads size 0 as no strings
  // Every element needs at least one length byte: check before decoding anything.
  if (num_elements < 0 || static_cast<uint64_t>(num_elements) + 4 > bytes.size()) {
    return absl::DataLossError(absl::StrCat(bytes.size(), " bytes cannot hold ", num_elements,
                                            " string lengths and their checksum"));
  }
  absl::string_view in = bytes;
  uint32_t c = 0;
  uint64_t total = 0;
  std::vector<uint64_t> lengths;  // only when there is no `out` to hold them
  if (out == nullptr) lengths.reserve(num_elements);
  for (int64_t i = 0; i < num_elements; ++i) {
    uint64_t len;
    if (!GetVarint64(&in, &len)) {
      return absl::DataLossError(absl::StrCat("bad length of string element ", i));
    }
    if (len > bytes.size() || total + len > bytes.size()) {
      return absl::DataLossError(absl::StrCat("string element ", i, " claims ", len,
                                              " bytes, more than the tensor holds"));
    }
    total += len;
    c = ExtendWithLength(c, len);
    if (out != nullptr) {
      out[i].resize(len);  // bounded by the stored bytes (checked above)
    } else {
      lengths.push_back(len);
    }
  }
  uint32_t stored;
  const absl::string_view checksum_bytes = in.substr(0, 4);
  if (!GetFixed32(&in, &stored)) return absl::DataLossError("string lengths are not followed by their checksum");
  if (crc32c::Unmask(stored) != c) return absl::DataLossError("string length checksum mismatch");
  c = crc32c::Extend(c, checksum_bytes);
  if (total != in.size()) {
    return absl::DataLossError(absl::StrCat("string lengths add up to ", total, " bytes but ", in.size(),
                                            " bytes follow them"));
  }
  for (int64_t i = 0; i < num_elements; ++i) {
    const size_t len = out != nullptr ? out[i].size() : lengths[i];
    if (out != nullptr) out[i].assign(in.data(), len);
    c = crc32c::Extend(c, in.substr(0, len));
    in.remove_prefix(len);
  }
  *crc = c;
  return absl::OkStatus();
}

}  // namespace rill::io
