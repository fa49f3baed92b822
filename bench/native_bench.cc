// Native figures for the benchmark cases (Google Benchmark): the same
// stacks as scripts/bench.mjs, on the best Highway target of this machine.
// Counters: GFLOP/s = 2·MACs/time; GB/s = (input + output bytes)/time.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "convplay/compute/simd.h"
#include "convplay/run/network.h"
#include "convplay/text/torch_text.h"

namespace {

struct Case {
  const char* name;
  const char* code;
  convplay::Shape shape;
  bool pool;
};

const Case kCases[] = {
    {"classic_stack",
     "nn.Sequential(nn.Conv2d(3,10,3), nn.MaxPool2d(4,4), "
     "nn.Conv2d(10,20,5,padding=2), "
     "nn.MaxPool2d(2,2))",
     {1, 3, 130, 130},
     false},
    {"classic_conv1", "nn.Conv2d(3,10,3)", {1, 3, 130, 130}, false},
    {"classic_pool1", "nn.MaxPool2d(4,4)", {1, 10, 128, 128}, true},
    {"classic_conv2", "nn.Conv2d(10,20,5,padding=2)", {1, 10, 32, 32}, false},
    {"classic_pool2", "nn.MaxPool2d(2,2)", {1, 20, 32, 32}, true},
    {"conv_3_16_224", "nn.Conv2d(3,16,3,padding=1)", {1, 3, 224, 224}, false},
    {"conv_64_64_56", "nn.Conv2d(64,64,3,padding=1)", {1, 64, 56, 56}, false},
    {"conv_128_s2_28",
     "nn.Conv2d(128,128,3,padding=1,stride=2)",
     {1, 128, 28, 28},
     false},
    {"depthwise_32_112",
     "nn.Conv2d(32,32,3,padding=1,groups=32)",
     {1, 32, 112, 112},
     false},
    {"conv_dilated_64",
     "nn.Conv2d(16,32,5,dilation=2)",
     {1, 16, 64, 64},
     false},
    {"conv1d_16000", "nn.Conv1d(40,64,5,padding=2)", {1, 40, 16000}, false},
    {"conv3d_16x64x64",
     "nn.Conv3d(4,8,3,padding=1)",
     {1, 4, 16, 64, 64},
     false},
    {"maxpool_64_112", "nn.MaxPool2d(2,2)", {1, 64, 112, 112}, true},
    {"avgpool_64_112",
     "nn.AvgPool2d(3,stride=2,padding=1)",
     {1, 64, 112, 112},
     true},
};

void Run(benchmark::State& state, const Case& c) {
  const std::string code = std::string(c.code).rfind("nn.Sequential", 0) == 0
                               ? c.code
                               : "nn.Sequential(" + std::string(c.code) + ")";
  const convplay::ParseResult parsed = convplay::ParseTorch(code);
  std::unique_ptr<convplay::Network> net;
  if (!parsed.ok ||
      convplay::Network::Create(parsed.layers, c.shape, 1, &net)) {
    state.SkipWithError("cannot build the stack");
    return;
  }
  std::vector<float> input(static_cast<size_t>(net->input_size()));
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = convplay::HashValue(7, i);
  for (auto _ : state) {
    net->Forward(input.data(), net->input_size());
    benchmark::DoNotOptimize(net->final_output().data());
  }
  if (c.pool) {
    const double bytes = 4.0 * (input.size() + net->final_output().size());
    state.counters["GB"] = benchmark::Counter(
        bytes * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  } else {
    const double flops = 2.0 * static_cast<double>(net->plan().total_macs);
    state.counters["GFLOP"] = benchmark::Counter(
        flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  }
  state.SetLabel(convplay::SimdTargetName());
}

}  // namespace

int main(int argc, char** argv) {
  for (const Case& c : kCases) {
    benchmark::RegisterBenchmark(c.name, [&c](benchmark::State& s) {
      Run(s, c);
    })->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
