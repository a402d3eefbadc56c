// Tensor: the aligned reference-counted buffer, TensorProto decoding (TF semantics) and encoding.
#include "graph/tensor.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/status_macros.h"

namespace rill {

// tensor_content and bytes() are little-endian, as in TensorFlow; rill only targets such hosts.
static_assert(std::endian::native == std::endian::little, "rill assumes a little-endian host");
static_assert(sizeof(bool) == 1, "DT_BOOL elements are stored as one byte");

namespace {

std::atomic<int64_t> live_buffers{0};

// Bytes one element occupies in a buffer (string/resource store constructed C++ objects).
int64_t StorageSize(DataType dtype) {
  if (dtype == DT_STRING) return sizeof(std::string);
  if (dtype == DT_RESOURCE) return sizeof(ResourceHandle);
  return DataTypeSize(dtype);
}

absl::Status CheckDtype(DataType dtype, absl::string_view what) {
  if (dtype == DT_INVALID) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": dtype is DT_INVALID (not set)"));
  }
  if (!IsSupportedDtype(dtype)) {
    return absl::UnimplementedError(
        absl::StrCat(what, ": dtype ", DataTypeString(dtype),
                     " is not supported (rill holds float, double, int32, int64, uint8, bool, "
                     "string and resource tensors)"));
  }
  return absl::OkStatus();
}

// The bytes a tensor of `n` elements needs (element storage plus `payload` for string/resource
// contents); ResourceExhausted if that exceeds the limit or int64. Runs before any allocation.
absl::Status CheckSize(DataType dtype, const TensorShape& shape, int64_t payload,
                       const TensorLimits& limits) {
  int64_t storage = 0;
  int64_t total = 0;
  if (__builtin_mul_overflow(shape.num_elements(), StorageSize(dtype), &storage) ||
      __builtin_add_overflow(storage, payload, &total) || total > limits.max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "a ", DataTypeString(dtype), " tensor of shape ", shape.DebugString(), " (",
        shape.num_elements(), " elements", payload > 0 ? absl::StrCat(", ", payload, " payload bytes") : "",
        ") exceeds the tensor size limit of ", limits.max_bytes, " bytes"));
  }
  return absl::OkStatus();
}

}  // namespace

namespace internal {

// Owns one 64-byte-aligned allocation; constructs and destroys string/resource elements.
// Shared between Tensors through std::shared_ptr (the reference count).
class TensorBuffer {
 public:
  // nullptr if the allocation fails. The caller has already checked the size limits.
  static std::shared_ptr<TensorBuffer> Allocate(DataType dtype, int64_t n) {
    const int64_t elem = StorageSize(dtype);
    // At least one aligned block so that data() is never null for a valid tensor.
    const size_t bytes = std::max<size_t>(static_cast<size_t>(n * elem), 1);
    const size_t rounded = (bytes + kTensorAlignment - 1) / kTensorAlignment * kTensorAlignment;
    void* data = ::operator new(rounded, std::align_val_t(kTensorAlignment), std::nothrow);
    if (data == nullptr) return nullptr;
    if (dtype == DT_STRING) {
      std::string* p = static_cast<std::string*>(data);
      for (int64_t i = 0; i < n; ++i) new (p + i) std::string();
    } else if (dtype == DT_RESOURCE) {
      ResourceHandle* p = static_cast<ResourceHandle*>(data);
      for (int64_t i = 0; i < n; ++i) new (p + i) ResourceHandle();
    } else {
      std::memset(data, 0, rounded);
    }
    return std::shared_ptr<TensorBuffer>(new TensorBuffer(dtype, n, data));
  }

  // Memory owned elsewhere, kept alive by `owner`; numeric dtypes only.
  static std::shared_ptr<TensorBuffer> External(DataType dtype, int64_t n, void* data,
                                                std::shared_ptr<const void> owner) {
    auto buffer = std::shared_ptr<TensorBuffer>(new TensorBuffer(dtype, n, data));
    buffer->owner_ = std::move(owner);
    return buffer;
  }

  ~TensorBuffer() {
    if (owner_ != nullptr) {  // external memory: just let go of it
      live_buffers.fetch_sub(1, std::memory_order_relaxed);
      return;
    }
    if (dtype_ == DT_STRING) {
      std::string* p = static_cast<std::string*>(data_);
      for (int64_t i = 0; i < n_; ++i) p[i].~basic_string();
    } else if (dtype_ == DT_RESOURCE) {
      ResourceHandle* p = static_cast<ResourceHandle*>(data_);
      for (int64_t i = 0; i < n_; ++i) p[i].~ResourceHandle();
    }
    ::operator delete(data_, std::align_val_t(kTensorAlignment));
    live_buffers.fetch_sub(1, std::memory_order_relaxed);
  }

  TensorBuffer(const TensorBuffer&) = delete;
  TensorBuffer& operator=(const TensorBuffer&) = delete;

  void* data() const { return data_; }

 private:
  TensorBuffer(DataType dtype, int64_t n, void* data) : dtype_(dtype), n_(n), data_(data) {
    live_buffers.fetch_add(1, std::memory_order_relaxed);
  }

  DataType dtype_;
  int64_t n_;
  void* data_;
  std::shared_ptr<const void> owner_;  // set for external memory
};

}  // namespace internal

namespace {

// Allocates after the caller's checks; ResourceExhausted if the system is out of memory.
absl::StatusOr<std::shared_ptr<internal::TensorBuffer>> AllocateChecked(DataType dtype,
                                                                      const TensorShape& shape) {
  std::shared_ptr<internal::TensorBuffer> buffer =
      internal::TensorBuffer::Allocate(dtype, shape.num_elements());
  if (buffer == nullptr) {
    return absl::ResourceExhaustedError(absl::StrCat("out of memory allocating a ",
                                                     DataTypeString(dtype), " tensor of shape ",
                                                     shape.DebugString()));
  }
  return buffer;
}

// Copies the typed repeated field `values` into `out` (n elements) with TF's rules: the last value
// repeats; values beyond n are ignored (TF's FromProtoField copies only the first n); an empty field
// leaves the zero/empty values the buffer was created with.
template <typename Out, typename Field, typename Convert>
void FillFromField(const Field& values, int64_t n, Out* out, Convert convert) {
  const int64_t in_n = std::min<int64_t>(values.size(), n);
  if (in_n == 0) return;
  for (int64_t i = 0; i < in_n; ++i) out[i] = convert(values.Get(i));
  for (int64_t i = in_n; i < n; ++i) out[i] = out[in_n - 1];
}

// Reads a base-128 varint from `in` at *pos; false if truncated or longer than 10 bytes.
bool ReadVarint64(absl::string_view in, size_t* pos, uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && *pos < in.size(); shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(in[(*pos)++]);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return true;
    }
  }
  return false;
}

// Decodes TF's tensor_content encoding of strings: n varint lengths, then the bytes back to back.
absl::StatusOr<Tensor> DecodeStringContent(const TensorShape& shape, absl::string_view content,
                                           const TensorLimits& limits) {
  const int64_t n = shape.num_elements();
  // Every length takes at least one byte, so this bounds the work below by the content size.
  if (n > static_cast<int64_t>(content.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("TensorProto string tensor_content has ", content.size(),
                     " bytes, too few for the ", n, " lengths of shape ", shape.DebugString()));
  }
  std::vector<uint64_t> lengths(n);
  size_t pos = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!ReadVarint64(content, &pos, &lengths[i])) {
      return absl::InvalidArgumentError(absl::StrCat(
          "TensorProto string tensor_content: bad length varint for element ", i, " at offset ", pos));
    }
  }
  uint64_t payload = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (lengths[i] > content.size() || __builtin_add_overflow(payload, lengths[i], &payload)) {
      payload = content.size() + 1;
      break;
    }
  }
  if (payload != content.size() - pos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "TensorProto string tensor_content: lengths need ", payload, " bytes after offset ", pos,
        " but ", content.size() - pos, " remain"));
  }
  RETURN_IF_ERROR(CheckSize(DT_STRING, shape, static_cast<int64_t>(payload), limits));
  ASSIGN_OR_RETURN(Tensor t, Tensor::Create(DT_STRING, shape, limits));
  std::string* out = t.data<std::string>();
  for (int64_t i = 0; i < n; ++i) {
    out[i].assign(content.data() + pos, lengths[i]);
    pos += lengths[i];
  }
  return t;
}

// Bytes the string/resource contents of the typed field need once the last value is repeated.
int64_t TypedPayloadBytes(const TensorProto& proto, DataType dtype, int64_t n) {
  auto sum = [n](int64_t count, auto size_of) -> int64_t {
    count = std::min(count, n);  // values beyond the element count are ignored
    if (count == 0) return 0;
    int64_t total = 0;
    for (int64_t i = 0; i < count; ++i) total += size_of(i);
    int64_t rest = 0;
    // Saturate: anything over int64 is over every limit.
    if (__builtin_mul_overflow(n - count, size_of(count - 1), &rest) ||
        __builtin_add_overflow(total, rest, &total)) {
      return std::numeric_limits<int64_t>::max();
    }
    return total;
  };
  if (dtype == DT_STRING) {
    return sum(proto.string_val_size(),
               [&](int64_t i) { return static_cast<int64_t>(proto.string_val(i).size()); });
  }
  if (dtype == DT_RESOURCE) {
    return sum(proto.resource_handle_val_size(), [&](int64_t i) {
      const ResourceHandleProto& h = proto.resource_handle_val(i);
      return static_cast<int64_t>(h.container().size() + h.name().size());
    });
  }
  return 0;
}

}  // namespace

Tensor::Tensor() = default;

Tensor::Tensor(DataType dtype, TensorShape shape, std::shared_ptr<internal::TensorBuffer> buffer)
    : dtype_(dtype), shape_(std::move(shape)), buffer_(std::move(buffer)) {}

absl::StatusOr<Tensor> Tensor::Create(DataType dtype, const TensorShape& shape,
                                      const TensorLimits& limits) {
  RETURN_IF_ERROR(CheckDtype(dtype, "Tensor::Create"));
  RETURN_IF_ERROR(CheckSize(dtype, shape, 0, limits));
  ASSIGN_OR_RETURN(std::shared_ptr<internal::TensorBuffer> buffer, AllocateChecked(dtype, shape));
  return Tensor(dtype, shape, std::move(buffer));
}

Tensor Tensor::WrapExternal(DataType dtype, const TensorShape& shape, void* data,
                            std::shared_ptr<const void> keep_alive) {
  if (!CheckDtype(dtype, "Tensor::WrapExternal").ok() || dtype == DT_STRING ||
      dtype == DT_RESOURCE || data == nullptr || keep_alive == nullptr) {
    return Tensor();
  }
  return Tensor(dtype, shape,
                internal::TensorBuffer::External(dtype, shape.num_elements(), data,
                                                 std::move(keep_alive)));
}

absl::StatusOr<Tensor> Tensor::FromProto(const TensorProto& proto, const TensorLimits& limits) {
  const DataType dtype = proto.dtype();
  RETURN_IF_ERROR(CheckDtype(dtype, "TensorProto"));
  absl::StatusOr<TensorShape> shape_or = TensorShape::FromProto(proto.tensor_shape());
  if (!shape_or.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("TensorProto tensor_shape: ", shape_or.status().message()));
  }
  const TensorShape& shape = *shape_or;
  const int64_t n = shape.num_elements();
  const std::string& content = proto.tensor_content();

  if (!content.empty()) {
    if (dtype == DT_STRING) return DecodeStringContent(shape, content, limits);
    if (dtype == DT_RESOURCE) {
      return absl::UnimplementedError(
          "TensorProto: tensor_content for resource tensors is not supported; use "
          "resource_handle_val");
    }
    const int64_t elem = DataTypeSize(dtype);
    int64_t expected = 0;
    if (__builtin_mul_overflow(n, elem, &expected) ||
        expected != static_cast<int64_t>(content.size())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "TensorProto tensor_content has ", content.size(), " bytes but a ",
          DataTypeString(dtype), " tensor of shape ", shape.DebugString(), " needs ", n, " x ",
          elem, " bytes"));
    }
    RETURN_IF_ERROR(CheckSize(dtype, shape, 0, limits));
    ASSIGN_OR_RETURN(Tensor t, Create(dtype, shape, limits));
    std::memcpy(t.raw_data(), content.data(), content.size());
    if (dtype == DT_BOOL) {
      // Any non-zero byte is true; storing other values in a bool would be undefined behaviour.
      uint8_t* b = static_cast<uint8_t*>(t.raw_data());
      for (int64_t i = 0; i < n; ++i) b[i] = b[i] != 0 ? 1 : 0;
    }
    return t;
  }

  RETURN_IF_ERROR(CheckSize(dtype, shape, TypedPayloadBytes(proto, dtype, n), limits));
  ASSIGN_OR_RETURN(Tensor t, Create(dtype, shape, limits));
  auto same = [](auto v) { return v; };
  switch (dtype) {
    case DT_FLOAT: FillFromField(proto.float_val(), n, t.data<float>(), same); break;
    case DT_DOUBLE: FillFromField(proto.double_val(), n, t.data<double>(), same); break;
    case DT_INT32: FillFromField(proto.int_val(), n, t.data<int32_t>(), same); break;
    case DT_UINT8:
      // TF stores uint8 in int_val and truncates on decode.
      FillFromField(proto.int_val(), n, t.data<uint8_t>(),
                    [](int32_t v) { return static_cast<uint8_t>(v); });
      break;
    case DT_INT64: FillFromField(proto.int64_val(), n, t.data<int64_t>(), same); break;
    case DT_BOOL: FillFromField(proto.bool_val(), n, t.data<bool>(), same); break;
    case DT_STRING:
      FillFromField(proto.string_val(), n, t.data<std::string>(),
                    [](const std::string& s) { return s; });
      break;
    case DT_RESOURCE:
      FillFromField(proto.resource_handle_val(), n, t.data<ResourceHandle>(),
                    [](const ResourceHandleProto& h) {
                      return ResourceHandle{h.container(), h.name()};
                    });
      break;
    default:
      RILL_CHECK(false, "CheckDtype admitted an unhandled dtype");
  }
  return t;
}

void Tensor::ToProto(TensorProto* proto) const {
  proto->Clear();
  proto->set_dtype(dtype_);
  if (!valid()) return;
  shape_.ToProto(proto->mutable_tensor_shape());
  const int64_t n = num_elements();
  if (dtype_ == DT_STRING) {
    const std::string* p = data<std::string>();
    for (int64_t i = 0; i < n; ++i) proto->add_string_val(p[i]);
  } else if (dtype_ == DT_RESOURCE) {
    const ResourceHandle* p = data<ResourceHandle>();
    for (int64_t i = 0; i < n; ++i) {
      ResourceHandleProto* h = proto->add_resource_handle_val();
      h->set_container(p[i].container);
      h->set_name(p[i].name);
    }
  } else {
    proto->set_tensor_content(std::string(bytes()));
  }
}

int64_t Tensor::byte_size() const { return num_elements() * DataTypeSize(dtype_); }

void* Tensor::raw_data() { return buffer_ ? buffer_->data() : nullptr; }

const void* Tensor::raw_data() const { return buffer_ ? buffer_->data() : nullptr; }

absl::string_view Tensor::bytes() const {
  if (!valid() || DataTypeSize(dtype_) == 0) return {};
  return absl::string_view(static_cast<const char*>(raw_data()), byte_size());
}

bool Tensor::SharesBufferWith(const Tensor& other) const {
  return buffer_ != nullptr && buffer_ == other.buffer_;
}

int64_t Tensor::BufferRefCount() const { return buffer_ ? buffer_.use_count() : 0; }

Tensor Tensor::DeepCopy() const {
  if (!valid()) return Tensor();
  // Same size as an existing buffer: only running out of memory can fail, which is fatal here.
  absl::StatusOr<Tensor> copy =
      Create(dtype_, shape_, TensorLimits{std::numeric_limits<int64_t>::max()});
  RILL_CHECK(copy.ok(), "out of memory in Tensor::DeepCopy");
  const int64_t n = num_elements();
  if (dtype_ == DT_STRING) {
    std::copy_n(data<std::string>(), n, copy->data<std::string>());
  } else if (dtype_ == DT_RESOURCE) {
    std::copy_n(data<ResourceHandle>(), n, copy->data<ResourceHandle>());
  } else {
    std::memcpy(copy->raw_data(), raw_data(), byte_size());
  }
  return *std::move(copy);
}

bool Tensor::BitwiseEqual(const Tensor& other) const {
  if (dtype_ != other.dtype_ || shape_ != other.shape_) return false;
  if (!valid()) return true;
  const int64_t n = num_elements();
  if (dtype_ == DT_STRING) return std::equal(data<std::string>(), data<std::string>() + n,
                                             other.data<std::string>());
  if (dtype_ == DT_RESOURCE) return std::equal(data<ResourceHandle>(),
                                               data<ResourceHandle>() + n,
                                               other.data<ResourceHandle>());
  return bytes() == other.bytes();
}

std::string Tensor::DebugString(int max_entries) const {
  if (!valid()) return "<invalid tensor>";
  std::string out = absl::StrCat(DataTypeString(dtype_), " ", shape_.DebugString(), " {");
  const int64_t n = num_elements();
  const int64_t shown = std::min<int64_t>(n, std::max(max_entries, 0));
  for (int64_t i = 0; i < shown; ++i) {
    if (i > 0) out += ", ";
    switch (dtype_) {
      case DT_FLOAT: absl::StrAppend(&out, data<float>()[i]); break;
      case DT_DOUBLE: absl::StrAppend(&out, data<double>()[i]); break;
      case DT_INT32: absl::StrAppend(&out, data<int32_t>()[i]); break;
      case DT_INT64: absl::StrAppend(&out, data<int64_t>()[i]); break;
      case DT_UINT8: absl::StrAppend(&out, static_cast<int>(data<uint8_t>()[i])); break;
      case DT_BOOL: out += data<bool>()[i] ? "true" : "false"; break;
      case DT_STRING: absl::StrAppend(&out, "\"", absl::CHexEscape(data<std::string>()[i]), "\"");
        break;
      case DT_RESOURCE: {
        const ResourceHandle& h = data<ResourceHandle>()[i];
        absl::StrAppend(&out, "<", absl::CHexEscape(h.container), ":", absl::CHexEscape(h.name),
                        ">");
        break;
      }
      default: RILL_CHECK(false, "valid tensor with an unsupported dtype");
    }
  }
  if (shown < n) out += shown > 0 ? ", ..." : "...";
  out += "}";
  return out;
}

int64_t Tensor::NumLiveBuffers() { return live_buffers.load(std::memory_order_relaxed); }

}  // namespace rill
