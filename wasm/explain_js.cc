#include "explain_js.h"

#include <string>

namespace convplay {
namespace {

using emscripten::val;

val Triple(const int64_t v[3]) {
  val a = val::array();
  for (int i = 0; i < 3; ++i)
    a.call<void>("push", val(static_cast<double>(v[i])));
  return a;
}

}  // namespace

val ExplanationToJs(const Explanation& e) {
  val result = val::object();
  result.set("op", std::string(ExplainOpName(e.op)));
  result.set("batch", static_cast<double>(e.batch));
  result.set("channel", static_cast<double>(e.plane));
  result.set("out", Triple(e.out));
  result.set("inSize", Triple(e.in_size));
  val terms = val::array();
  for (const ExplainTerm& t : e.terms) {
    val o = val::object();
    o.set("channel", static_cast<double>(t.channel));
    o.set("pos", Triple(t.pos));
    o.set("source", Triple(t.source));
    o.set("tap", Triple(t.tap));
    o.set("padding", t.padding);
    o.set("value", t.value);
    o.set("weight", t.weight);
    o.set("product", t.product);
    terms.call<void>("push", o);
  }
  result.set("terms", terms);
  val sums = val::array();
  for (const auto& [channel, sum] : e.channel_sums) {
    val o = val::object();
    o.set("channel", static_cast<double>(channel));
    o.set("sum", sum);
    sums.call<void>("push", o);
  }
  result.set("channelSums", sums);
  result.set("hasBias", e.has_bias);
  result.set("bias", e.bias);
  result.set("sum", e.sum);
  result.set("divisor", static_cast<double>(e.divisor));
  result.set("divisorReason", e.divisor_reason);
  result.set("winner", static_cast<double>(e.winner));
  result.set("winnerIndex", static_cast<double>(e.winner_index));
  result.set("windowStart", Triple(e.window_start));
  result.set("windowEnd", Triple(e.window_end));
  result.set("value", e.value);
  return result;
}

}  // namespace convplay
