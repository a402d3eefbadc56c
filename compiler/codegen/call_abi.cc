// The symbol table of call_abi.h: every entry point by name, registered with each JIT.
#include "compiler/codegen/call_abi.h"

namespace rill::codegen {

std::vector<std::pair<std::string, void*>> CallSymbols() {
  return {
      {"rill_rt_sgemm", reinterpret_cast<void*>(&rill_rt_sgemm)},
      {"rill_rt_conv2d_forward", reinterpret_cast<void*>(&rill_rt_conv2d_forward)},
      {"rill_rt_conv2d_backward_input", reinterpret_cast<void*>(&rill_rt_conv2d_backward_input)},
      {"rill_rt_conv2d_backward_filter", reinterpret_cast<void*>(&rill_rt_conv2d_backward_filter)},
      {"rill_rt_max_pool", reinterpret_cast<void*>(&rill_rt_max_pool)},
      {"rill_rt_max_pool_grad", reinterpret_cast<void*>(&rill_rt_max_pool_grad)},
      {"rill_rt_avg_pool", reinterpret_cast<void*>(&rill_rt_avg_pool)},
      {"rill_rt_avg_pool_grad", reinterpret_cast<void*>(&rill_rt_avg_pool_grad)},
      {"rill_rt_column_sums", reinterpret_cast<void*>(&rill_rt_column_sums)},
      {"rill_rt_parallel_range", reinterpret_cast<void*>(&rill_rt_parallel_range)},
      {"rill_rt_random", reinterpret_cast<void*>(&rill_rt_random)},
      {"rill_rt_random_int", reinterpret_cast<void*>(&rill_rt_random_int)},
      {"rill_rt_sparse_xent", reinterpret_cast<void*>(&rill_rt_sparse_xent)},
      {"rill_rt_softmax", reinterpret_cast<void*>(&rill_rt_softmax)},
      {"rill_rt_softmax_xent", reinterpret_cast<void*>(&rill_rt_softmax_xent)},
  };
}

}  // namespace rill::codegen
