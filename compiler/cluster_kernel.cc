// ClusterKernel: buffer tables built once at compile time, a short per-run binding, one call.
#include "compiler/cluster_kernel.h"

#include <chrono>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/attr_slice.h"

namespace rill::compiler {
namespace {

// Prefixes `status` with the member's context unless it already names it (as the executor does
// for a per-node kernel's error).
absl::Status WithContext(const std::string& context, const absl::Status& status) {
  if (status.ok()) return status;
  const std::string prefix = absl::StrCat(context, ": ");
  if (absl::StartsWith(status.message(), prefix)) return status;
  return absl::Status(status.code(), absl::StrCat(prefix, status.message()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ClusterKernel>> ClusterKernel::Create(
    const Cluster& cluster,
    const absl::node_hash_map<std::string, codegen::CompiledKernel>& kernels,
    const ShapeRefiner& shapes, const BufferPlan& plan, std::shared_ptr<char> arena,
    bool poison, jit::Jit& jit, const std::string& symbol, NativeCallCounts* counts,
    const OpRegistry& registry) {
  std::unique_ptr<ClusterKernel> k(new ClusterKernel());
  k->cluster_ = cluster;
  k->arena_ = arena;
  k->poison_ = poison;
  k->counts_ = counts;
  const int num_inputs = static_cast<int>(cluster.inputs.size());
  absl::flat_hash_map<const Node*, int> index;
  absl::flat_hash_map<std::pair<int, int>, int> input_index;
  for (int d = 0; d < num_inputs; ++d) input_index[cluster.inputs[d]] = d;
  absl::flat_hash_set<std::pair<int, int>> leaving(cluster.outputs.begin(), cluster.outputs.end());
  std::vector<std::vector<Location>> locations(cluster.members.size());
  k->input_shapes_.resize(num_inputs);
  k->details_.reserve(cluster.members.size());
  std::vector<codegen::ClusterCall> calls;
  // The static shape of output `port` of `node`.
  auto static_shape = [&](const Node& node, int port) -> absl::StatusOr<TensorShape> {
    ASSIGN_OR_RETURN(auto out, shapes.output(node, port));
    return TensorShape::FromPartial(out.second);
  };
  for (int m = 0; m < static_cast<int>(cluster.members.size()); ++m) {
    const Node* node = cluster.members[m];
    index[node] = m;
    Member member;
    member.node = node;
    member.context = NodeContext(*node);
    ASSIGN_OR_RETURN(member.sig, ResolveNodeSignature(*node, registry));
    const int outputs = static_cast<int>(member.sig.outputs.dtypes.size());
    locations[m].resize(outputs);
    auto found = kernels.find(node->name());
    if (found == kernels.end() && outputs == 0 && node->num_data_inputs() == 0) {
      k->members_.push_back(std::move(member));  // a NoOp: control only, nothing runs
      continue;
    }
    if (found == kernels.end()) {
      // A view: output 0 is input 0's memory under the view's shape.
      if (outputs != 1 || node->num_data_inputs() < 1) {
        return absl::InternalError(absl::StrCat(member.context, ": not a view"));
      }
      const Edge* e = node->data_inputs()[0];
      Location& loc = locations[m][0];
      if (auto producer = index.find(e->src); producer != index.end()) {
        const Location& from = locations[producer->second][e->src_output];
        loc.fixed = from.fixed;
        loc.dynamic = from.dynamic;
      } else {
        const int d = input_index.at({m, 0});
        ASSIGN_OR_RETURN(k->input_shapes_[d], static_shape(*e->src, e->src_output));
        loc.dynamic = d;
      }
      loc.dtype = member.sig.outputs.dtypes[0];
      ASSIGN_OR_RETURN(loc.shape, static_shape(*node, 0));
      if (leaving.contains({m, 0})) {
        if (loc.fixed != nullptr) {
          loc.wrapped = Tensor::WrapExternal(loc.dtype, loc.shape, loc.fixed, arena);
        } else {
          loc.copy = true;
        }
      }
      k->members_.push_back(std::move(member));
      continue;
    }
    member.kernel = &found->second;
    const codegen::CompiledKernel& kernel = *member.kernel;
    // An in-place kernel writes its reference inputs (buffers the executor opened for writing,
    // passed as inputs) and has no output buffer; its outputs are the forwarded references.
    const bool in_place = kernel.in_place();
    if (static_cast<int>(kernel.input_shapes().size()) != node->num_data_inputs() ||
        (in_place ? !kernel.extras().more_outputs.empty()
                  : static_cast<int>(kernel.extras().more_outputs.size()) + 1 != outputs)) {
      return absl::InternalError(absl::StrCat(
          member.context, ": its kernel's inputs or outputs do not match the node's"));
    }
    member.table = static_cast<int>(k->buffers_.size());
    for (int i = 0; i < node->num_data_inputs(); ++i) {
      const Edge* e = node->data_inputs()[i];
      const int slot = static_cast<int>(k->buffers_.size());
      k->buffers_.push_back(nullptr);
      if (auto producer = index.find(e->src); producer != index.end()) {
        const Location& from = locations[producer->second][e->src_output];
        if (from.fixed != nullptr) {
          k->buffers_[slot] = from.fixed;
        } else {
          k->patches_.emplace_back(slot, from.dynamic);
        }
        continue;
      }
      const int d = input_index.at({m, i});
      k->input_shapes_[d] = kernel.input_shapes()[i];
      k->patches_.emplace_back(slot, d);
    }
    for (int port = 0; port < (in_place ? 0 : outputs); ++port) {
      Location& loc = locations[m][port];
      loc.dtype = member.sig.outputs.dtypes[port];
      loc.shape = port == 0 ? kernel.output_shape() : kernel.extras().more_outputs[port - 1];
      auto planned = port == 0 && arena != nullptr ? plan.outputs.find(node->name())
                                                   : plan.outputs.end();
      if (planned != plan.outputs.end()) {
        loc.fixed = arena.get() + planned->second.offset;
        if (leaving.contains({m, port})) {
          loc.wrapped = Tensor::WrapExternal(loc.dtype, loc.shape, loc.fixed, arena);
        }
      } else {
        loc.dynamic = num_inputs + static_cast<int>(k->fresh_.size());
        k->fresh_.push_back({m, loc.dtype, loc.shape});
      }
      const int slot = static_cast<int>(k->buffers_.size());
      k->buffers_.push_back(loc.fixed);
      if (loc.fixed == nullptr) k->patches_.emplace_back(slot, loc.dynamic);
    }
    if (kernel.extras().runtime_words) {
      member.words_slot = static_cast<int>(k->buffers_.size());
      k->buffers_.push_back(nullptr);
      k->words_.emplace_back();
    }
    if (kernel.extras().failure_details) {
      member.details = static_cast<int>(k->details_.size());
      k->details_.emplace_back();
      k->buffers_.push_back(k->details_.back().data());
    }
    if (auto dead = plan.dead_after.find(node->name()); dead != plan.dead_after.end()) {
      member.dead = dead->second;
    }
    calls.push_back({kernel.entry(), node->name()});
    k->natives_.push_back(m);
    k->members_.push_back(std::move(member));
  }
  for (int m : k->natives_) k->tables_.push_back(&k->buffers_[k->members_[m].table]);
  for (const auto& [m, port] : cluster.outputs) {
    k->output_locations_.push_back(locations[m][port]);
  }
  if (!calls.empty()) {
    ASSIGN_OR_RETURN(k->entry_, codegen::EmitClusterFunction(jit, symbol, calls));
  }
  k->dynamic_.resize(num_inputs + k->fresh_.size());
  return k;
}

bool ClusterKernel::Accepts(const std::vector<Tensor>& inputs) const {
  if (inputs.size() != input_shapes_.size()) return false;
  for (size_t d = 0; d < inputs.size(); ++d) {
    if (!input_shapes_[d].has_value()) continue;  // a view's shape operand: not read
    if (!inputs[d].valid() || inputs[d].shape() != *input_shapes_[d]) return false;
  }
  return true;
}

NodeGroup ClusterKernel::Group() const {
  NodeGroup group;
  for (const Node* m : cluster_.members) group.members.push_back(m->name());
  for (const Node* h : cluster_.hoisted) group.hoisted.push_back(h->name());
  group.inputs = cluster_.inputs;
  group.outputs = cluster_.outputs;
  for (const Member& m : members_) group.replaced.push_back(m.kernel != nullptr);
  ClusterKernel* self = const_cast<ClusterKernel*>(this);
  group.run = [self](const std::vector<Tensor>& inputs, const KernelEnv& env,
                     std::vector<Tensor>* outputs, std::vector<NodeTiming>* timings) {
    return self->Run(inputs, env, outputs, timings);
  };
  group.accepts = [self](const std::vector<Tensor>& inputs) { return self->Accepts(inputs); };
  return group;
}

std::vector<std::string> ClusterKernel::member_names() const {
  std::vector<std::string> names;
  for (const Member& m : members_) names.push_back(m.node->name());
  return names;
}

absl::Status ClusterKernel::Fail(int call, int32_t code) const {
  if (call < 0 || call >= static_cast<int>(natives_.size())) {
    return absl::InternalError(absl::StrCat("cluster starting at ", members_[0].context,
                                            " failed in an unknown member ", call));
  }
  const Member& m = members_[natives_[call]];
  const int64_t* details = m.details >= 0 ? details_[m.details].data() : nullptr;
  return WithContext(m.context, m.kernel->FailureStatus(code, details, m.context));
}

absl::Status ClusterKernel::Run(const std::vector<Tensor>& inputs, const KernelEnv& env,
                                std::vector<Tensor>* outputs, std::vector<NodeTiming>* timings) {
  const int num_inputs = static_cast<int>(input_shapes_.size());
  if (static_cast<int>(inputs.size()) != num_inputs) {
    return absl::InternalError(absl::StrCat("cluster starting at ", members_[0].context, " got ",
                                            inputs.size(), " inputs, expected ", num_inputs));
  }
  // The checks a per-node kernel makes: a compiled kernel must never read out of bounds.
  for (int d = 0; d < num_inputs; ++d) {
    const Tensor& t = inputs[d];
    if (!input_shapes_[d].has_value()) continue;  // a view's shape operand: not read
    if (!t.valid() || t.shape() != *input_shapes_[d]) {
      const auto& [m, i] = cluster_.inputs[d];
      return absl::InvalidArgumentError(absl::StrCat(
          members_[m].context, ": input ", i, " has shape ",
          t.valid() ? t.shape().DebugString() : "<none>", ", the kernel was compiled for ",
          input_shapes_[d]->DebugString()));
    }
    dynamic_[d] = const_cast<void*>(t.raw_data());
  }
  fresh_tensors_.clear();
  for (size_t f = 0; f < fresh_.size(); ++f) {
    absl::StatusOr<Tensor> t = Tensor::Create(fresh_[f].dtype, fresh_[f].shape, env.limits);
    if (!t.ok()) return WithContext(members_[fresh_[f].member].context, t.status());
    dynamic_[num_inputs + f] = t->raw_data();
    fresh_tensors_.push_back(*std::move(t));
  }
  for (const auto& [slot, d] : patches_) buffers_[slot] = dynamic_[d];
  int words = 0;
  for (const Member& m : members_) {
    if (m.words_slot < 0) continue;
    KernelContext c(m.node->name(), m.node->op(), AttrSlice(m.node->attrs(), &m.sig.op->def), {},
                    m.sig.outputs.dtypes, env);
    ASSIGN_OR_RETURN(words_[words], m.kernel->extras().runtime_words(c));
    buffers_[m.words_slot] = words_[words].data();
    ++words;
  }
  for (auto& d : details_) d.fill(0);

  if (timings != nullptr || poison_) {
    // Member by member (the same kernels): per-member times, dead buffers poisoned in between.
    for (int k = 0, call = 0; k < static_cast<int>(members_.size()); ++k) {
      if (members_[k].kernel == nullptr) {  // a view or a NoOp: nothing runs
        if (timings != nullptr) timings->push_back({members_[k].node->name(), false, 0});
        continue;
      }
      const auto start = std::chrono::steady_clock::now();
      const int32_t code = members_[k].kernel->entry()(tables_[call]);
      ++call;
      ++counts_->calls;
      ++counts_->cluster_members;
      if (code != 0) return Fail(call - 1, code);
      if (timings != nullptr) {
        timings->push_back({members_[k].node->name(), true,
                            std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count()});
      }
      if (poison_) {
        for (const PlannedBuffer& b : members_[k].dead) {
          std::memset(arena_.get() + b.offset, 0xFF, static_cast<size_t>(b.bytes));
        }
      }
    }
  } else if (entry_ != nullptr) {
    int32_t failed = -1;
    const int32_t code = entry_(tables_.data(), &failed);
    ++counts_->calls;
    counts_->cluster_members += code == 0 ? static_cast<int64_t>(natives_.size()) : failed + 1;
    if (code != 0) return Fail(failed, code);
  }

  outputs->clear();
  outputs->reserve(output_locations_.size());
  for (const Location& loc : output_locations_) {
    if (loc.fixed != nullptr) {
      outputs->push_back(loc.wrapped);
    } else if (loc.copy) {
      ASSIGN_OR_RETURN(Tensor copy, Tensor::Create(loc.dtype, loc.shape, env.limits));
      std::memcpy(copy.raw_data(), dynamic_[loc.dynamic], static_cast<size_t>(copy.byte_size()));
      outputs->push_back(std::move(copy));
    } else {
      outputs->push_back(fresh_tensors_[loc.dynamic - num_inputs]);
    }
  }
  fresh_tensors_.clear();  // internal values die with the run
  return absl::OkStatus();
}

}  // namespace rill::compiler
