// StringFormat: a string scalar made from a template with each placeholder replaced by a summary
// of the next input (TensorFlow's StringFormat, used with PrintV2 by tf.print: input inputs: T;
// attrs T: list(type), template, placeholder, summarize).
#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/dtype_dispatch.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// The template split at each placeholder: one more piece than there are placeholders.
absl::StatusOr<std::vector<std::string>> TemplatePieces(const AttrSlice& attrs, int num_inputs) {
  ASSIGN_OR_RETURN(std::string text, attrs.GetString("template"));
  ASSIGN_OR_RETURN(std::string placeholder, attrs.GetString("placeholder"));
  if (placeholder.empty()) return absl::InvalidArgumentError("placeholder must not be empty");
  std::vector<std::string> pieces = absl::StrSplit(text, placeholder);
  if (static_cast<int>(pieces.size()) - 1 != num_inputs) {
    return absl::InvalidArgumentError(
        absl::StrCat("num placeholders in template and num inputs must match: ", pieces.size() - 1,
                     " vs. ", num_inputs));
  }
  return pieces;
}

// 2. Shape function: a string scalar, once the placeholders match the inputs.
absl::Status StringFormatShape(ShapeContext& c) {
  RETURN_IF_ERROR(TemplatePieces(c.attrs(), c.num_inputs()).status());
  c.set_output(0, PartialShape::Scalar());
  return absl::OkStatus();
}

// 3. Gradient: none (strings).

// One element as text: numbers via absl::StrCat (floats: 6 significant digits), bools as
// True/False, strings quoted and C-escaped.
template <typename T>
std::string FormatElement(const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    return absl::StrCat("\"", absl::CEscape(v), "\"");
  } else if constexpr (std::is_same_v<T, bool>) {
    return v ? "True" : "False";
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return absl::StrCat(static_cast<int>(v));
  } else {
    return absl::StrCat(v);
  }
}

// Separator between entries of dim `d` (of `rank`): a space in the last dim, else newlines and
// an indent, like numpy and TensorFlow's print_v2 summaries.
void AppendSpacing(int d, int rank, std::string* out) {
  if (d == rank - 1) {
    out->push_back(' ');
    return;
  }
  out->append(rank - d - 1, '\n');
  out->append(d + 1, ' ');
}

// TensorFlow's print_v2 layout: "[[1 2 3]\n [4 5 6]]", with "..." after the first `ends` and
// before the last `ends` entries of every dim longer than 2 * ends.
template <typename T>
void AppendDim(const T* data, const std::vector<int64_t>& dims, int d, int64_t start, int64_t ends,
               std::string* out) {
  const int rank = static_cast<int>(dims.size());
  if (d == rank) {
    out->append(FormatElement(data[start]));
    return;
  }
  int64_t inner = 1;
  for (int k = d + 1; k < rank; ++k) inner *= dims[k];
  const int64_t count = dims[d];
  out->push_back('[');
  for (int64_t i = 0; i < std::min(ends, count); ++i) {
    if (i > 0) AppendSpacing(d, rank, out);
    AppendDim(data, dims, d + 1, start + i * inner, ends, out);
  }
  if (ends < count && count - ends > ends) {
    AppendSpacing(d, rank, out);
    out->append("...");
  }
  for (int64_t i = std::max(ends, count - ends); i < count; ++i) {
    AppendSpacing(d, rank, out);
    AppendDim(data, dims, d + 1, start + i * inner, ends, out);
  }
  out->push_back(']');
}

// 4. Reference kernel: every host dtype of input.
absl::Status StringFormatKernel(KernelContext& c) {
  absl::StatusOr<std::vector<std::string>> pieces = TemplatePieces(c.attrs(), c.num_inputs());
  if (!pieces.ok()) return c.AddContext(pieces.status());
  ASSIGN_OR_RETURN(int64_t summarize, c.attrs().GetInt("summarize"));
  std::string text = (*pieces)[0];
  for (int i = 0; i < c.num_inputs(); ++i) {
    const Tensor& t = c.input(i);
    const int64_t ends = summarize < 0 ? t.num_elements() : summarize;
    RETURN_IF_ERROR(DispatchDtype<AllTypes>(c, t.dtype(), [&]<typename T>() -> absl::Status {
      AppendDim(t.data<T>(), t.shape().dims(), 0, 0, ends, &text);
      return absl::OkStatus();
    }));
    text.append((*pieces)[i + 1]);
  }
  c.set_output(0, Tensor::Scalar<std::string>(std::move(text)));
  return absl::OkStatus();
}

// 5. LLVM emitter: none; strings are host-only.

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("StringFormat")
    .Input("inputs: T")
    .Output("output: string")
    .Attr("T: list(type) >= 0")
    .Attr("template: string = '%s'")
    .Attr("placeholder: string = '%s'")
    .Attr("summarize: int = 3")
    .SetShapeFn(StringFormatShape)
    .SetNoGradient()
    .SetReferenceKernel(StringFormatKernel)
    .Summary("Formats tensors into a string through a template.");

namespace ops {

Output StringFormat(const Scope& scope, const std::vector<Output>& inputs,
                    const StringFormatAttrs& attrs) {
  OpBuilder builder(scope, "StringFormat");
  AttrValue types;
  types.mutable_list();  // an empty list for no inputs, not "no value"
  for (const Output& in : inputs) {
    builder.Input(in);
    types.mutable_list()->add_type(BaseType(in.dtype()));
  }
  return builder.Attr("T", types)
      .Attr("template", absl::string_view(attrs.template_text))
      .Attr("placeholder", absl::string_view(attrs.placeholder))
      .Attr("summarize", attrs.summarize)
      .Build()
      .output(0);
}

}  // namespace ops
}  // namespace rill
