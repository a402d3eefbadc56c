// Runs a fusion body on the reference kernels (see fusion_body_kernel.h).
#include "compiler/fusion_body_kernel.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/arg_types.h"
#include "ops/attr_slice.h"
#include "ops/kernel_context.h"

namespace rill::compiler {

ReferenceKernelFn MakeFusionBodyKernel(const FunctionDef& body, const OpRegistry& registry) {
  auto shared = std::make_shared<const FunctionDef>(body);
  return [shared, &registry](KernelContext& c) -> absl::Status {
    absl::flat_hash_map<std::string, Tensor> values;
    for (int i = 0; i < c.num_inputs(); ++i) values[absl::StrCat("in_", i)] = c.input(i);
    for (const NodeDef& node : shared->node_def()) {
      ASSIGN_OR_RETURN(const OpRegistration* op, registry.LookUp(node.op()));
      AttrSlice attrs(node.attr(), &op->def);
      ASSIGN_OR_RETURN(ResolvedArgs outs, ResolveArgs(op->def.output_arg(), attrs));
      std::vector<KernelInput> inputs;
      for (const std::string& name : node.input()) {
        if (!name.empty() && name[0] == '^') continue;
        auto it = values.find(name);
        if (it == values.end()) {
          return c.InvalidArgument("fusion body node '", node.name(), "' reads unknown '", name,
                                   "'");
        }
        inputs.push_back({it->second, nullptr});
      }
      KernelContext k(node.name(), node.op(), attrs, std::move(inputs), outs.dtypes);
      RETURN_IF_ERROR(RunReferenceKernel(*op, k));
      std::vector<KernelInput> results = k.ReleaseOutputs();
      for (size_t i = 0; i < results.size(); ++i) {
        values[absl::StrCat(node.name(), ":", op->def.output_arg(static_cast<int>(i)).name(),
                            ":0")] = std::move(results[i].tensor);
      }
    }
    auto ret = shared->ret().find("out_0");
    if (ret == shared->ret().end() || !values.contains(ret->second)) {
      return c.InvalidArgument("fusion body has no usable ret out_0");
    }
    c.set_output(0, values[ret->second]);
    return absl::OkStatus();
  };
}

}  // namespace rill::compiler
