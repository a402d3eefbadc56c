// MakePlanKey: a collision-free string encoding of a Run signature (see plan_key.h).
#include "session/plan_key.h"

#include "absl/strings/str_cat.h"
#include "graph/types.h"

namespace rill {
namespace {

// "<length>:<text>" so that separators inside names cannot fake a boundary.
void AppendField(std::string* key, absl::string_view text) {
  absl::StrAppend(key, text.size(), ":", text);
}

}  // namespace

std::string MakePlanKey(const std::vector<std::pair<std::string, Tensor>>& feeds,
                        const std::vector<std::string>& fetches,
                        const std::vector<std::string>& targets) {
  std::string key = absl::StrCat("F", feeds.size(), ";");
  for (const auto& [name, value] : feeds) {
    AppendField(&key, name);
    absl::StrAppend(&key, static_cast<int>(value.dtype()), "[");
    for (int64_t d : value.shape().dims()) absl::StrAppend(&key, d, ",");
    absl::StrAppend(&key, "]");
  }
  absl::StrAppend(&key, "O", fetches.size(), ";");
  for (const std::string& f : fetches) AppendField(&key, f);
  absl::StrAppend(&key, "T", targets.size(), ";");
  for (const std::string& t : targets) AppendField(&key, t);
  return key;
}

}  // namespace rill
