// ResolveArgs: OpDef args + node attrs -> per-slot dtypes.
#include "ops/arg_types.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "graph/types.h"

namespace rill {
namespace {

// No real op has more slots per arg; this bounds memory for hostile attrs (N = 2^40).
constexpr int64_t kMaxSlotsPerArg = 1 << 16;

absl::Status AppendArg(const OpDef::ArgDef& arg, int arg_index, const AttrSlice& attrs,
                       ResolvedArgs* out) {
  std::vector<DataType> types;
  if (!arg.type_list_attr().empty()) {
    ASSIGN_OR_RETURN(types, attrs.GetTypeList(arg.type_list_attr()));
  } else {
    DataType t = arg.type();
    if (!arg.type_attr().empty()) {
      ASSIGN_OR_RETURN(t, attrs.GetType(arg.type_attr()));
    }
    int64_t count = 1;
    if (!arg.number_attr().empty()) {
      ASSIGN_OR_RETURN(count, attrs.GetInt(arg.number_attr()));
      if (count < 0 || count > kMaxSlotsPerArg) {
        return absl::InvalidArgumentError(absl::StrCat("attr '", arg.number_attr(), "' = ", count,
                                                       " is not a valid count for arg '",
                                                       arg.name(), "'"));
      }
    }
    types.assign(count, t);
  }
  if (types.size() > kMaxSlotsPerArg) {
    return absl::InvalidArgumentError(absl::StrCat("arg '", arg.name(), "' has ", types.size(),
                                                   " slots, more than rill supports"));
  }
  for (DataType t : types) {
    out->dtypes.push_back(arg.is_ref() ? MakeRefType(t) : t);
    out->arg_of_slot.push_back(arg_index);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ResolvedArgs> ResolveArgs(
    const google::protobuf::RepeatedPtrField<OpDef::ArgDef>& args, const AttrSlice& attrs) {
  ResolvedArgs out;
  for (int i = 0; i < args.size(); ++i) RETURN_IF_ERROR(AppendArg(args[i], i, attrs, &out));
  return out;
}

std::string SlotName(const google::protobuf::RepeatedPtrField<OpDef::ArgDef>& args,
                     const ResolvedArgs& resolved, int slot) {
  const int arg = resolved.arg_of_slot[slot];
  const bool multi_slot = !args[arg].number_attr().empty() || !args[arg].type_list_attr().empty();
  if (!multi_slot) return args[arg].name();
  int first = slot;
  while (first > 0 && resolved.arg_of_slot[first - 1] == arg) --first;
  return absl::StrCat(args[arg].name(), "[", slot - first, "]");
}

std::string ArgNames(const google::protobuf::RepeatedPtrField<OpDef::ArgDef>& args) {
  std::vector<std::string> names;
  for (const OpDef::ArgDef& a : args) names.push_back(a.name());
  return absl::StrCat("(", absl::StrJoin(names, ", "), ")");
}

}  // namespace rill
