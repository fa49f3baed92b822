// ConvTranspose{1,2,3}d forward checks: ATen's _convolution with
// transposed=1, then the slow_conv_transpose{2,3}d shape checks
// (docs/semantics.md §3). The constructor is ConstructConv's.
#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ForwardConvTranspose(const LayerSpec& spec, const Shape& x,
                                          Forwarded* out) {
  const int n = SpatialDimsOf(spec.kind);
  const std::string fn = ConvOpName(spec);
  const Shape weight = ConvWeightShape(spec);
  const int64_t groups = spec.Arg("groups").as_int();
  std::vector<int64_t> stride, padding, output_padding, dilation;
  if (auto err = ToInts(NTuple(spec.Arg("stride"), n), fn.c_str(), "stride",
                        &stride)) {
    return err;
  }
  if (auto err = ToInts(NTuple(spec.Arg("padding"), n), fn.c_str(), "padding",
                        &padding)) {
    return err;
  }
  if (auto err = ToInts(NTuple(spec.Arg("output_padding"), n), fn.c_str(),
                        "output_padding", &output_padding)) {
    return err;
  }
  if (auto err = ToInts(NTuple(spec.Arg("dilation"), n), fn.c_str(), "dilation",
                        &dilation)) {
    return err;
  }
  Shape xb;
  if (auto err = Batchify(x, n, fn, &xb)) return err;
  out->batched = x.size() == xb.size();
  ConvParams cp;
  if (auto err =
          CheckShapeForwardCommon(stride, padding, dilation, &output_padding,
                                  weight, xb, groups, &cp)) {
    return err;
  }
  const std::vector<int64_t>& s = cp.stride;
  const std::vector<int64_t>& p = cp.padding;
  const std::vector<int64_t>& d = cp.dilation;
  const std::vector<int64_t>& op = cp.output_padding;
  if (xb[1] != weight[0]) {
    return RuntimeError("Given transposed=1, weight of size " +
                            SizesText(weight) + ", expected input" +
                            SizesText(xb) + " to have " +
                            std::to_string(weight[0]) + " channels, but got " +
                            std::to_string(xb[1]) + " channels instead",
                        "set in_channels=" + std::to_string(xb[1]));
  }
  // The slow_conv_transpose{2,3}d shape checks (1-D runs as 2-D, H = 1).
  std::vector<int64_t> kk(weight.begin() + 2, weight.end());
  std::vector<int64_t> ks = kk, ss = s, ds = d, ops = op, ps = p;
  Shape spatial(xb.begin() + 2, xb.end());
  if (n == 1) {
    ks.insert(ks.begin(), 1);
    ss.insert(ss.begin(), 1);
    ds.insert(ds.begin(), 1);
    ops.insert(ops.begin(), 0);
    ps.insert(ps.begin(), 0);
    spatial.insert(spatial.begin(), 1);
  }
  const bool three = n == 3;
  auto named = [&](const char* what, const std::vector<int64_t>& v,
                   const char* sep) {
    static const char* const kNames3[] = {"depth", "height", "width"};
    std::string t;
    const size_t off = three ? 0 : 1;
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) t += sep;
      t += std::string(what) + "_" + kNames3[i + off] + ": " +
           std::to_string(v[i]);
    }
    return t;
  };
  const bool empty_ok = xb[0] == 0 || xb[1] == 0;
  if (!empty_ok) {
    for (int64_t v : ks) {
      if (v <= 0) {
        return RuntimeError(
            "kernel size should be greater than zero, but got " +
            named("kernel", ks, " "));
      }
    }
    for (int64_t v : ds) {
      if (v <= 0) {
        return RuntimeError("dilation should be greater than zero, but got " +
                            named("dilation", ds, three ? " " : ", "));
      }
    }
    for (size_t i = 0; i < ops.size(); ++i) {
      if (!(ops[i] < ss[i] || ops[i] < ds[i])) {
        return RuntimeError(
            "output padding must be smaller than either stride or dilation, "
            "but got " +
                named("output_padding", ops, " ") + " " +
                named("stride", ss, " ") + " " + named("dilation", ds, " "),
            "use output_padding < stride (or < dilation)");
      }
    }
  }
  std::vector<int64_t> out_sizes;
  bool too_small = false;
  for (size_t i = 0; i < spatial.size(); ++i) {
    const int64_t o = SaturatingAdd(
        SaturatingAdd(SaturatingMul(spatial[i] - 1, ss[i]), -2 * ps[i]),
        SaturatingAdd(SaturatingMul(ds[i], ks[i] - 1) + 1, ops[i]));
    out_sizes.push_back(o);
    too_small |= o < 1;
  }
  if (too_small && !empty_ok) {
    return RuntimeError(
        "Given input size per channel: (" + JoinSizes(spatial, " x ") +
            "). Calculated output size per channel: (" +
            JoinSizes(out_sizes, " x ") + "). Output size is too small",
        "use less padding or a larger kernel_size / stride");
  }
  Shape result = x;
  const size_t first_spatial = x.size() - static_cast<size_t>(n);
  result[first_spatial - 1] = weight[1] * groups;
  int64_t in_spatial = 1;
  for (int i = 0; i < n; ++i) {
    result[first_spatial + i] = out_sizes[i + (n == 1 ? 1 : 0)];
    in_spatial = SaturatingMul(in_spatial, xb[i + 2]);
  }
  int64_t weight_numel = 1;
  for (int64_t w : weight) weight_numel = SaturatingMul(weight_numel, w);
  out->macs = SaturatingMul(SaturatingMul(xb[0], in_spatial), weight_numel);
  out->out = result;
  out->field_scope = ReceptiveField::Scope::kNotApplicable;
  return std::nullopt;
}

}  // namespace convplay::internal
