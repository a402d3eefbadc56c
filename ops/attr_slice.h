// Read access to one node's attrs, falling back to its op's declared defaults, with typed getters.
#ifndef RILL_OPS_ATTR_SLICE_H_
#define RILL_OPS_ATTR_SLICE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "graph/attr_value.pb.h"
#include "graph/op_def.pb.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"

namespace rill {

// A node's attrs as NodeDef stores them (the same alias as graph/graph.h's).
using AttrMap = google::protobuf::Map<std::string, AttrValue>;

// The kind of value an AttrValue holds, in OpDef's spelling: "string", "int", "float", "bool",
// "type", "shape", "tensor", "func", "list", "placeholder", or "no value".
std::string AttrValueKind(const AttrValue& value);

// A view of a node's attrs plus its op's defaults; both must outlive the slice. Getters return
// InvalidArgument "missing attr 'x'" or "attr 'x' is a string, expected type" (no node context:
// callers add it).
class AttrSlice {
 public:
  // `op_def` may be null (no defaults).
  AttrSlice(const AttrMap& attrs, const OpDef* op_def) : attrs_(attrs), op_def_(op_def) {}

  // The node's value of `name`, else the op's default, else null.
  const AttrValue* Find(absl::string_view name) const;

  absl::StatusOr<DataType> GetType(absl::string_view name) const;
  absl::StatusOr<bool> GetBool(absl::string_view name) const;
  absl::StatusOr<int64_t> GetInt(absl::string_view name) const;
  absl::StatusOr<float> GetFloat(absl::string_view name) const;
  absl::StatusOr<std::string> GetString(absl::string_view name) const;
  // An unknown-rank shape proto gives PartialShape::Unknown(); dims below -1 are rejected.
  absl::StatusOr<PartialShape> GetShape(absl::string_view name) const;
  absl::StatusOr<const TensorProto*> GetTensor(absl::string_view name) const;
  absl::StatusOr<std::vector<DataType>> GetTypeList(absl::string_view name) const;
  absl::StatusOr<std::vector<int64_t>> GetIntList(absl::string_view name) const;

 private:
  // The value of `name` if it holds `kind`, else the error.
  absl::StatusOr<const AttrValue*> Get(absl::string_view name, AttrValue::ValueCase kind) const;

  const AttrMap& attrs_;
  const OpDef* op_def_;
};

}  // namespace rill

#endif  // RILL_OPS_ATTR_SLICE_H_
