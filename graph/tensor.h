// Tensor: dtype + TensorShape + a 64-byte-aligned, reference-counted host buffer; TensorProto I/O. No math.
#ifndef RILL_GRAPH_TENSOR_H_
#define RILL_GRAPH_TENSOR_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/check.h"
#include "graph/tensor.pb.h"
#include "graph/tensor_shape.h"
#include "graph/types.h"

namespace rill {

// Caps checked BEFORE anything is allocated, so hostile protos cannot exhaust memory.
struct TensorLimits {
  // Largest buffer (element storage plus string/resource payload bytes) a tensor may need.
  int64_t max_bytes = int64_t{4} << 30;
};

// Alignment of every tensor buffer (one cache line; enough for AVX-512 loads).
inline constexpr int64_t kTensorAlignment = 64;

namespace internal {
class TensorBuffer;
}  // namespace internal

// A host tensor. Copying a Tensor shares its buffer (like TF); DeepCopy makes an independent one.
// The buffer is freed when the last Tensor referring to it goes away.
class Tensor {
 public:
  // Empty tensor: dtype DT_INVALID, no buffer.
  Tensor();

  // A zero-filled tensor (empty strings, empty resource handles). InvalidArgument for DT_INVALID,
  // Unimplemented for an unsupported dtype, ResourceExhausted if it would exceed `limits` or the
  // allocation fails.
  static absl::StatusOr<Tensor> Create(DataType dtype, const TensorShape& shape,
                                       const TensorLimits& limits = {});

  // Decodes like TensorFlow's Tensor::FromProto: non-empty tensor_content wins (its size must match
  // exactly); otherwise the dtype's typed field, whose last value repeats to fill the shape (empty: zeros).
  // A typed list longer than the element count, bad shapes, or sizes over `limits` fail before allocating.
  static absl::StatusOr<Tensor> FromProto(const TensorProto& proto, const TensorLimits& limits = {});
  // Encodes: tensor_content for numeric dtypes (bit-exact), string_val for strings,
  // resource_handle_val for resources. Clears `proto` first.
  void ToProto(TensorProto* proto) const;

  // A rank-0 tensor holding `value`.
  template <typename T>
  static Tensor Scalar(T value);
  // A tensor of `shape` holding `values` (row-major); InvalidArgument if the counts differ.
  template <typename T>
  static absl::StatusOr<Tensor> FromVector(const std::vector<T>& values, const TensorShape& shape);
  // The elements, row-major. RILL_DCHECKs that T matches dtype().
  template <typename T>
  std::vector<T> ToVector() const;

  DataType dtype() const { return dtype_; }
  const TensorShape& shape() const { return shape_; }
  int64_t num_elements() const { return shape_.num_elements(); }
  // num_elements * DataTypeSize (0 for string/resource and for an empty Tensor).
  int64_t byte_size() const;

  // Typed element pointer (row-major). RILL_DCHECKs that T matches dtype(); nullptr when !valid().
  template <typename T>
  T* data();
  template <typename T>
  const T* data() const;
  // Untyped buffer start (64-byte aligned); nullptr when !valid().
  void* raw_data();
  const void* raw_data() const;
  // Numeric dtypes: the raw little-endian element bytes. Empty for string/resource or !valid().
  absl::string_view bytes() const;

  // True if both refer to the same buffer.
  bool SharesBufferWith(const Tensor& other) const;
  // How many Tensors share this buffer (0 when !valid()); for tests and debugging.
  int64_t BufferRefCount() const;
  // An independent tensor with equal contents.
  Tensor DeepCopy() const;
  // Same dtype, shape and bytes (NaN payloads and -0.0 distinguished) or equal strings/handles.
  bool BitwiseEqual(const Tensor& other) const;
  // "float [2,3] {1, 2, 3, ...}" showing at most `max_entries` elements.
  std::string DebugString(int max_entries = 10) const;
  // dtype != DT_INVALID.
  bool valid() const { return dtype_ != DT_INVALID; }

  // A tensor over memory it does not own (a compiled plan's arena): `data` must hold
  // shape.num_elements() elements of the numeric `dtype` (no strings or resources), suitably
  // aligned, for as long as `keep_alive` lives; the tensor (and its copies) hold `keep_alive`.
  // Not zero-filled. Returns an invalid Tensor for a non-numeric dtype.
  static Tensor WrapExternal(DataType dtype, const TensorShape& shape, void* data,
                             std::shared_ptr<const void> keep_alive);

  // Number of tensor buffers alive in this process (for leak/release tests).
  static int64_t NumLiveBuffers();

 private:
  Tensor(DataType dtype, TensorShape shape, std::shared_ptr<internal::TensorBuffer> buffer);

  DataType dtype_ = DT_INVALID;
  TensorShape shape_;
  std::shared_ptr<internal::TensorBuffer> buffer_;
};

// ---- template definitions ----

template <typename T>
T* Tensor::data() {
  RILL_DCHECK(!valid() || dtype_ == DataTypeToEnum<T>(), "Tensor::data<T>() with the wrong T");
  return static_cast<T*>(raw_data());
}

template <typename T>
const T* Tensor::data() const {
  RILL_DCHECK(!valid() || dtype_ == DataTypeToEnum<T>(), "Tensor::data<T>() with the wrong T");
  return static_cast<const T*>(raw_data());
}

template <typename T>
Tensor Tensor::Scalar(T value) {
  // A scalar needs one element: only an out-of-memory failure is possible, which we treat as fatal.
  absl::StatusOr<Tensor> t = Create(DataTypeToEnum<T>(), TensorShape());
  RILL_CHECK(t.ok(), "allocating a scalar tensor failed");
  *t->template data<T>() = std::move(value);
  return *std::move(t);
}

template <typename T>
absl::StatusOr<Tensor> Tensor::FromVector(const std::vector<T>& values, const TensorShape& shape) {
  if (static_cast<int64_t>(values.size()) != shape.num_elements()) {
    return absl::InvalidArgumentError(
        absl::StrCat("Tensor::FromVector: ", values.size(), " values for shape ",
                     shape.DebugString(), " (", shape.num_elements(), " elements)"));
  }
  // The values already exist in memory, so the size cap is not what protects us here.
  absl::StatusOr<Tensor> t = Create(DataTypeToEnum<T>(), shape,
                                    TensorLimits{std::numeric_limits<int64_t>::max()});
  if (!t.ok()) return t.status();
  T* out = t->template data<T>();
  for (size_t i = 0; i < values.size(); ++i) out[i] = values[i];
  return t;
}

template <typename T>
std::vector<T> Tensor::ToVector() const {
  const T* p = data<T>();
  if (p == nullptr) return {};
  return std::vector<T>(p, p + num_elements());
}

}  // namespace rill

#endif  // RILL_GRAPH_TENSOR_H_
