// Benchmark helpers for `npm run bench` (WASM under Node, single thread).
// Timing happens inside WASM around Network::Forward so only the op is
// measured (no JS boundary, no copies), as tfjs is timed op-only.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>
#include <wasm_simd128.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "convplay/compute/simd.h"
#include "convplay/run/network.h"
#include "convplay/text/torch_text.h"

namespace convplay {
namespace {

using emscripten::val;

// Peak of f32x4 multiply + add (SIMD128 has no FMA): K independent chains
// so only throughput counts; the best of K = 10, 12, 14 (16 spills, as V8
// keeps 16 vector registers). Returns GFLOP/s.
template <int K>
double PeakChains(int iterations) {
  v128_t a[K];
  for (int i = 0; i < K; ++i) a[i] = wasm_f32x4_splat(1.0f + 0.01f * i);
  const v128_t m = wasm_f32x4_splat(0.9999f);
  const v128_t c = wasm_f32x4_splat(0.0001f);
  const double t0 = emscripten_get_now();
  for (int it = 0; it < iterations; ++it) {
#pragma clang loop unroll(full)
    for (int i = 0; i < K; ++i)
      a[i] = wasm_f32x4_add(wasm_f32x4_mul(a[i], m), c);
  }
  const double ms = emscripten_get_now() - t0;
  v128_t sum = a[0];
  for (int i = 1; i < K; ++i) sum = wasm_f32x4_add(sum, a[i]);
  volatile float sink = wasm_f32x4_extract_lane(sum, 0);
  (void)sink;
  return K * 2.0 * 4 * iterations / (ms * 1e6);
}

double PeakGflops(int iterations) {
  return std::max({PeakChains<10>(iterations), PeakChains<12>(iterations),
                   PeakChains<14>(iterations)});
}

// v128 load/store copy of `bytes` (read + write counted). Returns GB/s.
double CopyBandwidth(int bytes, int repeats) {
  const size_t n = static_cast<size_t>(bytes) / 16;
  std::vector<v128_t> src(n), dst(n);
  for (size_t i = 0; i < n; ++i)
    src[i] = wasm_f32x4_splat(static_cast<float>(i));
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const double t0 = emscripten_get_now();
    const v128_t* s = src.data();
    v128_t* d = dst.data();
    for (size_t i = 0; i + 4 <= n; i += 4) {
      wasm_v128_store(d + i, wasm_v128_load(s + i));
      wasm_v128_store(d + i + 1, wasm_v128_load(s + i + 1));
      wasm_v128_store(d + i + 2, wasm_v128_load(s + i + 2));
      wasm_v128_store(d + i + 3, wasm_v128_load(s + i + 3));
    }
    times.push_back(emscripten_get_now() - t0);
  }
  std::sort(times.begin(), times.end());
  volatile float sink = wasm_f32x4_extract_lane(dst[n / 2], 0);
  (void)sink;
  return 2.0 * static_cast<double>(bytes) / (times[times.size() / 2] * 1e6);
}

// Times `runs` forward passes of a planned stack; returns the times in ms
// (after `warmup` untimed runs), or a string with the error.
val TimeStack(const std::string& code, const val& shape_js, int warmup,
              int runs) {
  const ParseResult parsed = ParseTorch(code);
  if (!parsed.ok) return val(parsed.error->message);
  Shape shape;
  for (int i = 0; i < shape_js["length"].as<int>(); ++i) {
    shape.push_back(static_cast<int64_t>(shape_js[i].as<double>()));
  }
  std::unique_ptr<Network> net;
  if (auto err = Network::Create(parsed.layers, shape, 1, &net))
    return val(err->message);
  std::vector<float> input(static_cast<size_t>(net->input_size()));
  for (size_t i = 0; i < input.size(); ++i) input[i] = HashValue(7, i);
  for (int i = 0; i < warmup; ++i)
    net->Forward(input.data(), net->input_size());
  val times = val::array();
  for (int i = 0; i < runs; ++i) {
    const double t0 = emscripten_get_now();
    net->Forward(input.data(), net->input_size());
    times.call<void>("push", emscripten_get_now() - t0);
  }
  val result = val::object();
  result.set("times", times);
  result.set("macs", static_cast<double>(net->plan().total_macs));
  result.set("inBytes", static_cast<double>(net->input_size() * 4));
  result.set("outBytes", static_cast<double>(net->final_output().size() * 4));
  return result;
}

// A planned stack kept alive between timed runs (its buffers stay warm).
class Stack {
 public:
  Stack(const std::string& code, const val& shape_js) {
    const ParseResult parsed = ParseTorch(code);
    if (!parsed.ok) {
      error_ = parsed.error->message;
      return;
    }
    Shape shape;
    for (int i = 0; i < shape_js["length"].as<int>(); ++i) {
      shape.push_back(static_cast<int64_t>(shape_js[i].as<double>()));
    }
    if (auto err = Network::Create(parsed.layers, shape, 1, &net_)) {
      error_ = err->message;
      return;
    }
    input_.resize(static_cast<size_t>(net_->input_size()));
    for (size_t i = 0; i < input_.size(); ++i) input_[i] = HashValue(7, i);
  }
  std::string error() const { return error_; }
  // One forward pass; returns its time in ms.
  double run() {
    const double t0 = emscripten_get_now();
    net_->Forward(input_.data(), net_->input_size());
    return emscripten_get_now() - t0;
  }
  double macs() const { return static_cast<double>(net_->plan().total_macs); }
  double bytes() const {
    return 4.0 *
           static_cast<double>(input_.size() + net_->final_output().size());
  }

 private:
  std::unique_ptr<Network> net_;
  std::vector<float> input_;
  std::string error_;
};

std::string Target() { return SimdTargetName(); }

}  // namespace
}  // namespace convplay

EMSCRIPTEN_BINDINGS(convplay_bench) {
  emscripten::function("peakGflops", &convplay::PeakGflops);
  emscripten::function("copyBandwidth", &convplay::CopyBandwidth);
  emscripten::function("timeStack", &convplay::TimeStack);
  emscripten::function("target", &convplay::Target);
  emscripten::class_<convplay::Stack>("Stack")
      .constructor<std::string, emscripten::val>()
      .function("error", &convplay::Stack::error)
      .function("run", &convplay::Stack::run)
      .function("macs", &convplay::Stack::macs)
      .function("bytes", &convplay::Stack::bytes);
}
