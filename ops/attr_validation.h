// Checks a node's attrs against its op's OpDef (unknown, missing, badly typed, disallowed values)
// and fills in declared defaults (TensorFlow's AddDefaultAttrsToGraphDef).
#ifndef RILL_OPS_ATTR_VALIDATION_H_
#define RILL_OPS_ATTR_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "graph/attr_value.pb.h"
#include "graph/op_def.pb.h"
#include "ops/attr_slice.h"

namespace rill {

// Checks `value` against the declaration `attr`: the value kind matches the declared type
// ("type", "int", "list(type)", ...), types are valid and in allowed_values, strings are in
// allowed_values, ints and list lengths meet the minimum, shapes are well formed.
// InvalidArgument without node context, e.g. "attr 'T' holds a string value \"float\", but the
// op declares type".
absl::Status CheckAttrValue(const OpDef::AttrDef& attr, const AttrValue& value);

// Checks all of a node's attrs against `def`: every attr is declared (names starting with '_' are
// internal and ignored, as in TensorFlow), every declared attr is present or has a default, and
// every value passes CheckAttrValue. The first problem in a deterministic order is reported.
absl::Status ValidateNodeAttrs(const OpDef& def, const AttrMap& attrs);

// Adds `def`'s default for every declared attr missing from `attrs`; returns how many it added.
int AddDefaultAttrs(const OpDef& def, AttrMap* attrs);

// True if `type` is an attr type OpDef allows: "string", "int", "float", "bool", "type", "shape",
// "tensor", "func", or "list(...)" of one of them.
bool IsValidAttrType(const std::string& type);

}  // namespace rill

#endif  // RILL_OPS_ATTR_VALIDATION_H_
