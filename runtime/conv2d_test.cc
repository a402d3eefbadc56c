// Tests for Conv2DForward / BackwardInput / BackwardFilter: against the *Reference loops (error
// bounded relative to the sum of |terms|) at the seed CNN's shapes, strides, SAME padding,
// dilation, batch 1, odd channel counts and 1x1 filters (so the im2col, pointwise and in-place
// patch paths all run); 1, 2 and 3 threads bitwise equal.
#include "runtime/conv2d.h"

#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/avx512_dispatch.h"

namespace rill::runtime {
namespace {

struct Case {
  std::string name;
  int64_t batch, in_h, in_w, in_c, filter_h, filter_w, out_c;
  int64_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  bool same = false;
};

// TensorFlow's output size and top/left padding for SAME or VALID.
Conv2DShape MakeShape(const Case& c) {
  Conv2DShape s{.batch = c.batch,
                .in_h = c.in_h,
                .in_w = c.in_w,
                .in_c = c.in_c,
                .filter_h = c.filter_h,
                .filter_w = c.filter_w,
                .out_c = c.out_c,
                .stride_h = c.stride_h,
                .stride_w = c.stride_w,
                .dilation_h = c.dilation_h,
                .dilation_w = c.dilation_w};
  auto dim = [&](int64_t in, int64_t f, int64_t stride, int64_t dilation, int64_t& out,
                 int64_t& pad) {
    const int64_t span = (f - 1) * dilation + 1;
    out = c.same ? (in + stride - 1) / stride : in >= span ? (in - span) / stride + 1 : 0;
    pad = c.same ? std::max<int64_t>((out - 1) * stride + span - in, 0) / 2 : 0;
  };
  dim(c.in_h, c.filter_h, c.stride_h, c.dilation_h, s.out_h, s.pad_top);
  dim(c.in_w, c.filter_w, c.stride_w, c.dilation_w, s.out_w, s.pad_left);
  return s;
}

std::vector<Case> Cases() {
  return {
      {"cnn_conv1", 8, 28, 28, 1, 5, 5, 20},
      {"cnn_conv2", 8, 12, 12, 20, 5, 5, 40},
      {"stride2_same", 2, 9, 10, 3, 3, 3, 5, 2, 2, 1, 1, true},
      {"dilation2_same", 2, 11, 9, 4, 3, 3, 7, 1, 1, 2, 2, true},
      {"batch1_odd_channels", 1, 7, 7, 5, 3, 3, 17, 1, 1, 1, 1, true},
      {"pointwise", 3, 6, 6, 13, 1, 1, 50},
      {"asymmetric_valid", 2, 10, 9, 3, 4, 3, 6, 1, 2, 2, 1, false},
      {"wide_out_c", 3, 8, 8, 1, 3, 3, 70, 1, 1, 1, 1, true},
      {"filter_wider_than_input_same", 5, 3, 4, 2, 5, 5, 9, 1, 1, 1, 1, true},
      {"stride3_dilation2_valid", 9, 15, 13, 6, 3, 2, 33, 3, 2, 2, 3, false},
      {"batch1_valid_rows_split_between_threads", 1, 30, 30, 8, 3, 3, 32},
      {"batch1_filter_gradient_chunks_split_between_threads", 1, 40, 40, 16, 3, 3, 32},
      {"stride2_valid_direct", 3, 13, 12, 3, 3, 3, 21, 2, 2, 1, 1, false},
      {"one_channel_same_dilated", 2, 11, 10, 1, 3, 3, 6, 2, 1, 2, 2, true},
      {"one_channel_stride2", 2, 11, 10, 1, 4, 3, 6, 1, 2, 1, 1, true},
  };
}

std::vector<float> Random(int64_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(gen);
  return v;
}

std::vector<float> Abs(std::vector<float> v) {
  for (float& x : v) x = std::fabs(x);
  return v;
}

// got matches want within 5e-5 of the sum of |terms| (`scale`, computed on |inputs|).
void ExpectClose(const std::vector<float>& got, const std::vector<float>& want,
                 const std::vector<float>& scale, const std::string& what) {
  ASSERT_EQ(got.size(), want.size());
  int bad = 0;
  for (size_t i = 0; i < got.size() && bad < 5; ++i) {
    if (std::isnan(want[i]) && std::isnan(got[i])) continue;
    if (!(std::fabs(got[i] - want[i]) <= 5e-5f * scale[i] + 1e-6f)) {
      ADD_FAILURE() << what << " element " << i << ": got " << got[i] << ", want " << want[i];
      ++bad;
    }
  }
}

struct Tensors {
  std::vector<float> input, filter, bias, dy;
};

Tensors MakeTensors(const Conv2DShape& s, uint32_t seed) {
  return {Random(s.batch * s.in_h * s.in_w * s.in_c, seed),
          Random(s.filter_h * s.filter_w * s.in_c * s.out_c, seed + 1), Random(s.out_c, seed + 2),
          Random(s.batch * s.out_h * s.out_w * s.out_c, seed + 3)};
}

int64_t OutSize(const Conv2DShape& s) { return s.batch * s.out_h * s.out_w * s.out_c; }
int64_t InSize(const Conv2DShape& s) { return s.batch * s.in_h * s.in_w * s.in_c; }
int64_t FilterSize(const Conv2DShape& s) { return s.filter_h * s.filter_w * s.in_c * s.out_c; }

TEST(Conv2DTest, ForwardMatchesReference) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    ThreadPool pool(2);
    for (const Case& c : Cases()) {
      const Conv2DShape s = MakeShape(c);
      const Tensors t = MakeTensors(s, 1);
      for (bool with_bias : {false, true}) {
        const float* bias = with_bias ? t.bias.data() : nullptr;
        std::vector<float> got(OutSize(s), 7.0f), want(OutSize(s)), scale(OutSize(s));
        Conv2DForward(s, t.input.data(), t.filter.data(), bias, /*relu=*/false, got.data(), &pool);
        Conv2DForwardReference(s, t.input.data(), t.filter.data(), bias, false, want.data());
        const std::vector<float> abs_bias = Abs(t.bias);
        Conv2DForwardReference(s, Abs(t.input).data(), Abs(t.filter).data(),
                               with_bias ? abs_bias.data() : nullptr, false, scale.data());
        ExpectClose(got, want, scale, c.name + (with_bias ? " forward+bias" : " forward"));
      }
    }
  }
}

TEST(Conv2DTest, ForwardReluKeepsNaNAndZeroesNegatives) {
  const Conv2DShape s = MakeShape({"relu", 2, 6, 5, 3, 3, 3, 19, 1, 1, 1, 1, true});
  Tensors t = MakeTensors(s, 5);
  t.input[7] = std::nanf("");
  std::vector<float> got(OutSize(s)), want(OutSize(s)), scale(OutSize(s));
  Conv2DForward(s, t.input.data(), t.filter.data(), t.bias.data(), true, got.data(), nullptr);
  Conv2DForwardReference(s, t.input.data(), t.filter.data(), t.bias.data(), true, want.data());
  t.input[7] = 1.0f;
  Conv2DForwardReference(s, Abs(t.input).data(), Abs(t.filter).data(), Abs(t.bias).data(), false,
                         scale.data());
  int nans = 0, zeros = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(std::isnan(got[i]), std::isnan(want[i])) << i;
    nans += std::isnan(got[i]);
    zeros += got[i] == 0.0f;
    EXPECT_FALSE(got[i] < 0.0f) << i;
  }
  EXPECT_GT(nans, 0);
  EXPECT_GT(zeros, 0);
  ExpectClose(got, want, scale, "relu");
}

TEST(Conv2DTest, BackwardInputMatchesReference) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    ThreadPool pool(2);
    for (const Case& c : Cases()) {
      const Conv2DShape s = MakeShape(c);
      const Tensors t = MakeTensors(s, 2);
      std::vector<float> got(InSize(s), 7.0f), want(InSize(s)), scale(InSize(s));
      Conv2DBackwardInput(s, t.filter.data(), t.dy.data(), got.data(), &pool);
      Conv2DBackwardInputReference(s, t.filter.data(), t.dy.data(), want.data());
      Conv2DBackwardInputReference(s, Abs(t.filter).data(), Abs(t.dy).data(), scale.data());
      ExpectClose(got, want, scale, c.name + " backward input");
    }
  }
}

TEST(Conv2DTest, BackwardFilterMatchesReference) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    ThreadPool pool(2);
    for (const Case& c : Cases()) {
      const Conv2DShape s = MakeShape(c);
      const Tensors t = MakeTensors(s, 3);
      std::vector<float> got(FilterSize(s), 7.0f), want(FilterSize(s)), scale(FilterSize(s));
      Conv2DBackwardFilter(s, t.input.data(), t.dy.data(), got.data(), &pool);
      Conv2DBackwardFilterReference(s, t.input.data(), t.dy.data(), want.data());
      Conv2DBackwardFilterReference(s, Abs(t.input).data(), Abs(t.dy).data(), scale.data());
      ExpectClose(got, want, scale, c.name + " backward filter");
    }
  }
}

// Every pass gives the same bits on 1, 2 and 3 threads (batch 128 at the CNN's shapes too).
TEST(Conv2DTest, ThreadCountDoesNotChangeBits) {
  for (bool portable : {false, true}) {  // AVX-512 (where available), then portable
    std::optional<ScopedDisableAvx512> off;
    if (portable) off.emplace();
    std::vector<Case> cases = Cases();
    cases.push_back({"cnn_conv1_b128", 128, 28, 28, 1, 5, 5, 20});
    cases.push_back({"cnn_conv2_b128", 128, 12, 12, 20, 5, 5, 40});
    ThreadPool two(2), three(3);
    for (const Case& c : cases) {
      if (portable && c.batch == 128) continue;  // the scalar loops are slow under ASan
      const Conv2DShape s = MakeShape(c);
      const Tensors t = MakeTensors(s, 4);
      std::vector<std::vector<float>> fwd, din, dw;
      for (ThreadPool* pool : {static_cast<ThreadPool*>(nullptr), &two, &three}) {
        fwd.emplace_back(OutSize(s));
        din.emplace_back(InSize(s));
        dw.emplace_back(FilterSize(s));
        Conv2DForward(s, t.input.data(), t.filter.data(), t.bias.data(), true, fwd.back().data(),
                      pool);
        Conv2DBackwardInput(s, t.filter.data(), t.dy.data(), din.back().data(), pool);
        Conv2DBackwardFilter(s, t.input.data(), t.dy.data(), dw.back().data(), pool);
      }
      for (int i : {1, 2}) {
        EXPECT_EQ(std::memcmp(fwd[0].data(), fwd[i].data(), fwd[0].size() * 4), 0) << c.name;
        EXPECT_EQ(std::memcmp(din[0].data(), din[i].data(), din[0].size() * 4), 0) << c.name;
        EXPECT_EQ(std::memcmp(dw[0].data(), dw[i].data(), dw[0].size() * 4), 0) << c.name;
      }
    }
  }
}

// Random small geometries (sizes, strides 1-3, dilations 1-2, SAME/VALID, 1-2 images), all
// three passes on 2 threads, on both paths, against the reference loops.
TEST(Conv2DTest, RandomShapesMatchReference) {
  std::mt19937 gen(42);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
  ThreadPool pool(2);
  for (int trial = 0; trial < 60; ++trial) {
    Case c{"random" + std::to_string(trial),
           pick(1, 2),
           pick(1, 9),
           pick(1, 9),
           pick(1, 7),
           pick(1, 4),
           pick(1, 4),
           pick(1, 19),
           pick(1, 3),
           pick(1, 3),
           pick(1, 2),
           pick(1, 2),
           pick(0, 1) == 1};
    const Conv2DShape s = MakeShape(c);
    if (s.out_h <= 0 || s.out_w <= 0) continue;  // VALID with a filter larger than the input
    const Tensors t = MakeTensors(s, trial);
    for (bool portable : {false, true}) {
      std::optional<ScopedDisableAvx512> off;
      if (portable) off.emplace();
      const std::string what = c.name + (portable ? " portable" : "");
      std::vector<float> got(OutSize(s)), want(OutSize(s)), scale(OutSize(s));
      Conv2DForward(s, t.input.data(), t.filter.data(), t.bias.data(), false, got.data(), &pool);
      Conv2DForwardReference(s, t.input.data(), t.filter.data(), t.bias.data(), false, want.data());
      Conv2DForwardReference(s, Abs(t.input).data(), Abs(t.filter).data(), Abs(t.bias).data(),
                             false, scale.data());
      ExpectClose(got, want, scale, what + " forward");
      got.assign(InSize(s), 7.0f);
      want.assign(InSize(s), 0.0f);
      scale.assign(InSize(s), 0.0f);
      Conv2DBackwardInput(s, t.filter.data(), t.dy.data(), got.data(), &pool);
      Conv2DBackwardInputReference(s, t.filter.data(), t.dy.data(), want.data());
      Conv2DBackwardInputReference(s, Abs(t.filter).data(), Abs(t.dy).data(), scale.data());
      ExpectClose(got, want, scale, what + " backward input");
      got.assign(FilterSize(s), 7.0f);
      want.assign(FilterSize(s), 0.0f);
      scale.assign(FilterSize(s), 0.0f);
      Conv2DBackwardFilter(s, t.input.data(), t.dy.data(), got.data(), &pool);
      Conv2DBackwardFilterReference(s, t.input.data(), t.dy.data(), want.data());
      Conv2DBackwardFilterReference(s, Abs(t.input).data(), Abs(t.dy).data(), scale.data());
      ExpectClose(got, want, scale, what + " backward filter");
    }
  }
}

TEST(Conv2DTest, EmptyShapesWriteNothingOrZeros) {
  Conv2DShape s = MakeShape({"empty_batch", 0, 5, 5, 2, 3, 3, 4});
  std::vector<float> dw(FilterSize(s), 7.0f);
  Conv2DBackwardFilter(s, nullptr, nullptr, dw.data(), nullptr);
  for (float x : dw) EXPECT_EQ(x, 0.0f);
  // in_c == 0: the output is the bias alone.
  s = MakeShape({"no_channels", 1, 3, 3, 0, 2, 2, 3});
  const std::vector<float> bias = {1.0f, -2.0f, 3.0f};
  std::vector<float> out(OutSize(s), 7.0f);
  Conv2DForward(s, nullptr, nullptr, bias.data(), true, out.data(), nullptr);
  for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], std::max(bias[i % 3], 0.0f)) << i;
}

}  // namespace
}  // namespace rill::runtime
