// libFuzzer target: any text through the PyTorch parser, the printer and
// the shape engine. Invariants: no crash, leak or undefined behaviour (ASan,
// UBSan), and parse(format(x)) == x for every stack that parses.
//
// An optional first line "[1, 3, 32, 32]" gives the input shape; otherwise
// a few typical shapes are tried.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "convplay/plan/plan.h"
#include "convplay/text/torch_text.h"

namespace {

std::vector<int64_t> ShapeFromLine(std::string_view line) {
  std::vector<int64_t> shape;
  std::string number;
  for (char c : line) {
    if ((c >= '0' && c <= '9') || c == '-') {
      number += c;
    } else if (!number.empty()) {
      shape.push_back(std::strtoll(number.c_str(), nullptr, 10));
      number.clear();
    }
  }
  return shape;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::vector<int64_t>> shapes;
  if (!text.empty() && text[0] == '[') {
    const size_t eol = text.find('\n');
    shapes.push_back(ShapeFromLine(text.substr(0, eol)));
    text = eol == std::string_view::npos ? std::string_view()
                                         : text.substr(eol + 1);
  } else {
    shapes = {{1, 3, 32, 32}, {3, 32, 32}, {2, 4, 8, 8, 8}, {1, 8, 100}, {5}};
  }
  const convplay::ParseResult parsed = convplay::ParseTorch(text);
  if (!parsed.ok) return 0;
  const convplay::ParseResult again =
      convplay::ParseTorch(convplay::FormatStack(parsed.layers));
  if (!again.ok || !(again.layers == parsed.layers)) __builtin_trap();
  convplay::PlanOptions options;
  options.memory_budget_bytes = int64_t{64} << 20;
  for (const auto& shape : shapes) {
    const convplay::Plan plan =
        convplay::MakePlan(parsed.layers, shape, options);
    if (plan.ok == plan.error.has_value()) __builtin_trap();
  }
  return 0;
}
