// PrintV2: writes a string scalar to a debug stream when run (TensorFlow's PrintV2, the op behind
// tf.print: input input: string; attrs output_stream, end). Host-only and stateful; the text
// goes through the replaceable sink of ops/array/print_sink.h.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array/print_sink.h"
#include "ops/array_ops.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"
#include "ops/shape_fns.h"

namespace rill {
namespace {

// 1. OpDef: see the registration at the bottom.

// TensorFlow's stream names; anything else is an error naming them.
absl::Status CheckOutputStream(const std::string& stream) {
  for (const char* valid : {"stdout", "stderr", "log(info)", "log(warning)", "log(error)"}) {
    if (stream == valid) return absl::OkStatus();
  }
  if (absl::StartsWith(stream, "file://") && stream.size() > 7) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("Unknown output stream: ", stream,
                   ", Valid streams are: stdout, stderr, log(info), log(warning), log(error), "
                   "file://<filename>"));
}

// 2. Shape function: no outputs; the input must be a scalar and the stream valid.
absl::Status PrintV2Shape(ShapeContext& c) {
  RETURN_IF_ERROR(shape_fns::WithRank(c.input(0), 0, "input").status());
  ASSIGN_OR_RETURN(std::string stream, c.attrs().GetString("output_stream"));
  return CheckOutputStream(stream);
}

// 3. Gradient: none; PrintV2 has no outputs for a gradient to flow from.

// 4. Reference kernel: the string, then `end`, through the print sink.
absl::Status PrintV2Kernel(KernelContext& c) {
  const Tensor& input = c.input(0);
  if (input.shape().rank() != 0) {
    return c.InvalidArgument("Input is expected to be scalar, but got ",
                             input.shape().DebugString());
  }
  ASSIGN_OR_RETURN(std::string stream, c.attrs().GetString("output_stream"));
  ASSIGN_OR_RETURN(std::string end, c.attrs().GetString("end"));
  RETURN_IF_ERROR(c.AddContext(CheckOutputStream(stream)));
  return c.AddContext(WritePrinted(stream, absl::StrCat(input.data<std::string>()[0], end)));
}

// 5. LLVM emitter: none; printing is host-only (the compiler leaves it to the host runtime).

}  // namespace

// 6. Registration.
RILL_REGISTER_OP("PrintV2")
    .Input("input: string")
    .Attr("output_stream: string = 'stderr'")
    .Attr("end: string = '\n'")  // a real newline: spec strings have no escapes
    .SetIsStateful()
    .SetShapeFn(PrintV2Shape)
    .SetNoGradient()
    .SetReferenceKernel(PrintV2Kernel)
    .Summary("Prints a string scalar to a debug stream.");

namespace ops {

Operation PrintV2(const Scope& scope, const Output& input, const PrintV2Attrs& attrs) {
  return OpBuilder(scope, "PrintV2")
      .Input(input)
      .Attr("output_stream", absl::string_view(attrs.output_stream))
      .Attr("end", absl::string_view(attrs.end))
      .Build();
}

}  // namespace ops
}  // namespace rill
