// Resolves an op's input and output args to the flat list of dtypes one node has, from its attrs.
#ifndef RILL_OPS_ARG_TYPES_H_
#define RILL_OPS_ARG_TYPES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "graph/op_def.pb.h"
#include "graph/types.pb.h"
#include "ops/attr_slice.h"

namespace rill {

// The flattened args of one node: slot i has dtype dtypes[i] and belongs to
// args[arg_of_slot[i]] (an arg with number_attr N or a type_list_attr spans several slots).
struct ResolvedArgs {
  std::vector<DataType> dtypes;
  std::vector<int> arg_of_slot;

  int size() const { return static_cast<int>(dtypes.size()); }
};

// Resolves `args` (an OpDef's input_arg or output_arg) with `attrs`: a fixed `type`, a
// `type_attr`, `number_attr` copies, or a `type_list_attr`; `is_ref` makes ref types.
// InvalidArgument for a missing or badly typed attr, or an absurd count.
absl::StatusOr<ResolvedArgs> ResolveArgs(
    const google::protobuf::RepeatedPtrField<OpDef::ArgDef>& args, const AttrSlice& attrs);

// "x" for a single-slot arg, "values[2]" for slot 2 of a multi-slot arg: how messages name slots.
std::string SlotName(const google::protobuf::RepeatedPtrField<OpDef::ArgDef>& args,
                     const ResolvedArgs& resolved, int slot);

// Spelling of the arg names for messages: "(x, y)".
std::string ArgNames(const google::protobuf::RepeatedPtrField<OpDef::ArgDef>& args);

}  // namespace rill

#endif  // RILL_OPS_ARG_TYPES_H_
