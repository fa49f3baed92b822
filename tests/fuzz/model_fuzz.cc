// libFuzzer target: any text through the class-code interpreter (ReadModel),
// the exporters, and a forward pass of what it traces. Invariants: no
// crash, hang, leak or undefined behaviour (ASan, UBSan); a model that
// reads ok runs; an exported class reads back with the same parameter count.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "convplay/model/model.h"
#include "convplay/run/network.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  convplay::ModelOptions options;
  options.plan.memory_budget_bytes = int64_t{16} << 20;
  for (const convplay::Shape& shape :
       {convplay::Shape{1, 3, 16, 16}, convplay::Shape{2, 1, 12, 12}}) {
    const convplay::ModelRead r = convplay::ReadModel(text, shape, options);
    if (r.ok == r.error.has_value()) __builtin_trap();
    if (!r.ok) continue;
    if (r.nodes.size() != r.plan.layers.size()) __builtin_trap();
    std::unique_ptr<convplay::Network> net;
    if (convplay::Network::Create(r, 0, &net)) __builtin_trap();
    std::vector<float> x(static_cast<size_t>(net->input_size()), 0.5f);
    if (net->Forward(x.data(), net->input_size())) __builtin_trap();
    std::string code;
    if (!convplay::ExportClass(r, &code)) {
      const convplay::ModelRead again =
          convplay::ReadModel(code, shape, options);
      if (!again.ok || again.plan.total_params != r.plan.total_params) {
        __builtin_trap();
      }
    }
    convplay::ExportSequential(r, &code);
  }
  return 0;
}
