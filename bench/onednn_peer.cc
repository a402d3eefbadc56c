// oneDNN peers: convolution primitives (blocked or plain-with-reorders) and matmul.
#include "bench/onednn_peer.h"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dnnl.hpp"

extern "C" void omp_set_num_threads(int);

namespace rill::bench {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr memory::data_type kF32 = memory::data_type::f32;

dnnl::engine& Engine() {
  static auto* engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

// A caller's plain buffer and the memory the primitive uses (the same one when the layouts
// agree), with the reorder primitives between them.
struct Operand {
  memory user;
  memory prim;
  bool reorder = false;
  dnnl::reorder to_prim, to_user;

  void Init(const memory::desc& user_md, const memory::desc& prim_md, const void* ptr) {
    user = memory(user_md, Engine(), const_cast<void*>(ptr));
    reorder = user_md != prim_md;
    prim = reorder ? memory(prim_md, Engine()) : user;
    if (reorder) {
      to_prim = dnnl::reorder(user, prim);
      to_user = dnnl::reorder(prim, user);
    }
  }
};

class DnnlConvImpl : public DnnlConv {
 public:
  DnnlConvImpl(DnnlLayout layout, int threads) : layout_(layout), threads_(threads) {}

  void Run() override {
    SetOmpThreads(threads_);
    if (layout_ == DnnlLayout::kPlainWithReorders) {
      for (Operand* in : {&a_, &b_}) {
        if (in->reorder) in->to_prim.execute(stream_, in->user, in->prim);
      }
    }
    prim_.execute(stream_, args_);
    if (layout_ == DnnlLayout::kPlainWithReorders && out_.reorder) {
      out_.to_user.execute(stream_, out_.prim, out_.user);
    }
    stream_.wait();
  }

  void FetchOutput() override {
    if (layout_ == DnnlLayout::kBlocked && out_.reorder) {
      SetOmpThreads(threads_);
      out_.to_user.execute(stream_, out_.prim, out_.user);
      stream_.wait();
    }
  }

  const char* impl() const override { return impl_.c_str(); }

  // Builds the primitive; `a`/`b`/`out` get the plain descriptors of their roles.
  void Build(const runtime::Conv2DShape& s, ConvPass pass, const float* a, const float* b,
             const float* bias, float* out) {
    stream_ = dnnl::stream(Engine());
    const memory::dims src = {s.batch, s.in_c, s.in_h, s.in_w};
    const memory::dims wei = {s.out_c, s.in_c, s.filter_h, s.filter_w};
    const memory::dims dst = {s.batch, s.out_c, s.out_h, s.out_w};
    const memory::desc src_plain(src, kF32, Tag::nhwc), wei_plain(wei, kF32, Tag::hwio),
        dst_plain(dst, kF32, Tag::nhwc), bias_md({s.out_c}, kF32, Tag::x);
    const memory::desc src_any(src, kF32, Tag::any), wei_any(wei, kF32, Tag::any),
        dst_any(dst, kF32, Tag::any);
    const memory::dims strides = {s.stride_h, s.stride_w};
    const memory::dims dilates = {s.dilation_h - 1, s.dilation_w - 1};
    const memory::dims pad_l = {s.pad_top, s.pad_left};
    const memory::dims pad_r = {
        (s.out_h - 1) * s.stride_h + (s.filter_h - 1) * s.dilation_h + 1 - s.in_h - s.pad_top,
        (s.out_w - 1) * s.stride_w + (s.filter_w - 1) * s.dilation_w + 1 - s.in_w - s.pad_left};
    const auto algo = dnnl::algorithm::convolution_direct;
    const auto fwd_desc =
        pass == ConvPass::kForward && bias != nullptr
            ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algo, src_any,
                                              wei_any, bias_md, dst_any, strides, dilates, pad_l,
                                              pad_r)
            : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algo, src_any,
                                              wei_any, dst_any, strides, dilates, pad_l, pad_r);
    const dnnl::convolution_forward::primitive_desc fwd_pd(fwd_desc, Engine());
    switch (pass) {
      case ConvPass::kForward: {
        a_.Init(src_plain, fwd_pd.src_desc(), a);
        b_.Init(wei_plain, fwd_pd.weights_desc(), b);
        out_.Init(dst_plain, fwd_pd.dst_desc(), out);
        prim_ = dnnl::convolution_forward(fwd_pd);
        args_ = {{DNNL_ARG_SRC, a_.prim}, {DNNL_ARG_WEIGHTS, b_.prim}, {DNNL_ARG_DST, out_.prim}};
        if (bias != nullptr) {
          args_[DNNL_ARG_BIAS] = memory(bias_md, Engine(), const_cast<float*>(bias));
        }
        impl_ = fwd_pd.impl_info_str();
        break;
      }
      case ConvPass::kBackwardInput: {
        const dnnl::convolution_backward_data::primitive_desc pd(
            dnnl::convolution_backward_data::desc(algo, src_any, wei_any, dst_any, strides,
                                                  dilates, pad_l, pad_r),
            Engine(), fwd_pd);
        a_.Init(wei_plain, pd.weights_desc(), a);
        b_.Init(dst_plain, pd.diff_dst_desc(), b);
        out_.Init(src_plain, pd.diff_src_desc(), out);
        prim_ = dnnl::convolution_backward_data(pd);
        args_ = {{DNNL_ARG_WEIGHTS, a_.prim},
                 {DNNL_ARG_DIFF_DST, b_.prim},
                 {DNNL_ARG_DIFF_SRC, out_.prim}};
        impl_ = pd.impl_info_str();
        break;
      }
      case ConvPass::kBackwardFilter: {
        const dnnl::convolution_backward_weights::primitive_desc pd(
            dnnl::convolution_backward_weights::desc(algo, src_any, wei_any, dst_any, strides,
                                                     dilates, pad_l, pad_r),
            Engine(), fwd_pd);
        a_.Init(src_plain, pd.src_desc(), a);
        b_.Init(dst_plain, pd.diff_dst_desc(), b);
        out_.Init(wei_plain, pd.diff_weights_desc(), out);
        prim_ = dnnl::convolution_backward_weights(pd);
        args_ = {{DNNL_ARG_SRC, a_.prim},
                 {DNNL_ARG_DIFF_DST, b_.prim},
                 {DNNL_ARG_DIFF_WEIGHTS, out_.prim}};
        impl_ = pd.impl_info_str();
        break;
      }
    }
    if (layout_ == DnnlLayout::kBlocked) {
      // The blocked variant measures the primitive alone: inputs are converted once, here.
      for (Operand* in : {&a_, &b_}) {
        if (in->reorder) in->to_prim.execute(stream_, in->user, in->prim);
      }
      stream_.wait();
    }
  }

 private:
  const DnnlLayout layout_;
  const int threads_;
  dnnl::stream stream_;
  dnnl::primitive prim_;
  std::unordered_map<int, memory> args_;
  Operand a_, b_, out_;
  std::string impl_;
};

class DnnlMatmulImpl : public DnnlMatmul {
 public:
  explicit DnnlMatmulImpl(int threads) : threads_(threads) {}

  void Build(const runtime::GemmArgs& g) {
    stream_ = dnnl::stream(Engine());
    const memory::desc a_md({g.m, g.k}, kF32,
                            g.trans_a ? memory::dims{1, g.lda} : memory::dims{g.lda, 1});
    const memory::desc b_md({g.k, g.n}, kF32,
                            g.trans_b ? memory::dims{1, g.ldb} : memory::dims{g.ldb, 1});
    const memory::desc c_md({g.m, g.n}, kF32, memory::dims{g.ldc, 1});
    const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), Engine());
    prim_ = dnnl::matmul(pd);
    args_ = {{DNNL_ARG_SRC, memory(a_md, Engine(), const_cast<float*>(g.a))},
             {DNNL_ARG_WEIGHTS, memory(b_md, Engine(), const_cast<float*>(g.b))},
             {DNNL_ARG_DST, memory(c_md, Engine(), g.c)}};
    impl_ = pd.impl_info_str();
  }

  void Run() override {
    SetOmpThreads(threads_);
    prim_.execute(stream_, args_);
    stream_.wait();
  }
  const char* impl() const override { return impl_.c_str(); }

 private:
  const int threads_;
  dnnl::stream stream_;
  dnnl::primitive prim_;
  std::unordered_map<int, memory> args_;
  std::string impl_;
};

}  // namespace

void SetOmpThreads(int threads) { omp_set_num_threads(threads); }

absl::StatusOr<std::unique_ptr<DnnlConv>> DnnlConv::Create(const runtime::Conv2DShape& s,
                                                           ConvPass pass, DnnlLayout layout,
                                                           int threads, const float* a,
                                                           const float* b, const float* bias,
                                                           float* out) {
  SetOmpThreads(threads);
  auto conv = std::make_unique<DnnlConvImpl>(layout, threads);
  try {
    conv->Build(s, pass, a, b, bias, out);
  } catch (const dnnl::error& e) {
    return absl::InternalError(absl::StrCat("oneDNN convolution: ", e.what()));
  }
  return conv;
}

absl::StatusOr<std::unique_ptr<DnnlMatmul>> DnnlMatmul::Create(const runtime::GemmArgs& args,
                                                               int threads) {
  if (args.accumulate || args.epilogue.bias != nullptr || args.epilogue.relu) {
    return absl::InvalidArgumentError("DnnlMatmul: accumulate and epilogues are not supported");
  }
  SetOmpThreads(threads);
  auto mm = std::make_unique<DnnlMatmulImpl>(threads);
  try {
    mm->Build(args);
  } catch (const dnnl::error& e) {
    return absl::InternalError(absl::StrCat("oneDNN matmul: ", e.what()));
  }
  return mm;
}

}  // namespace rill::bench
