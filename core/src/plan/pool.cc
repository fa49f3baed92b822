// Max and average pooling: forward checks in ATen's order (Pool.h,
// DilatedMaxPool{2,3}d.cpp, MaxPooling.cpp, AveragePool{2,3}d.cpp,
// Pooling.cpp). Pooling constructors validate nothing. Adaptive pooling is
// in adaptive_pool.cc. See docs/semantics.md §4–§6.
#include <limits>

#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {
namespace {

// ATen's int[N] argument: an int is repeated N times, a sequence kept as is,
// None (only for stride) is empty.
std::optional<Error> IntList(const Value& v, int n, const char* fn,
                             const char* arg, int position,
                             std::vector<int64_t>* out) {
  out->clear();
  if (v.is_none()) return std::nullopt;
  if (v.is_int()) {
    out->assign(static_cast<size_t>(n), v.as_int());
    return std::nullopt;
  }
  if (!v.is_sequence()) {
    return TypeError(std::string(fn) + "(): argument '" + arg + "' (position " +
                     std::to_string(position) +
                     ") must be tuple of ints, not " + v.TypeName());
  }
  return ToInts(v.items(), fn, arg, out);
}

std::optional<Error> Downcast(int64_t v) {
  if (v < std::numeric_limits<int32_t>::min() ||
      v > std::numeric_limits<int32_t>::max()) {
    return RuntimeError("integer out of range");
  }
  return std::nullopt;
}

// Pool.h pooling_output_shape, with ConvPlay's hints.
std::optional<Error> PoolOutputSize(int64_t size, int64_t k, int64_t p,
                                    int64_t s, int64_t d, bool ceil,
                                    int64_t* out) {
  if (s == 0)
    return RuntimeError("stride should not be zero", "use stride ≥ 1");
  if (p < 0) {
    return RuntimeError("pad must be non-negative, but got pad: " +
                        std::to_string(p));
  }
  const int64_t effective = SaturatingAdd(SaturatingMul(k - 1, d), 1);
  if (p > effective / 2) {
    return RuntimeError(
        "pad should be at most half of effective kernel size, but got pad=" +
            std::to_string(p) + ", kernel_size=" + std::to_string(k) +
            " and dilation=" + std::to_string(d),
        "use padding ≤ " + std::to_string(effective / 2) + " here");
  }
  int64_t o =
      FloorDiv(SaturatingAdd(size + 2 * p - effective, ceil ? s - 1 : 0), s) +
      1;
  if (ceil && (o - 1) * s >= size + p) --o;
  *out = o;
  return std::nullopt;
}

// Teaching warning: the floor drops the last rows/columns.
void UncoveredWarning(int64_t size, int64_t k, int64_t p, int64_t s, int64_t d,
                      bool ceil, int dims, int i, Forwarded* out) {
  const int64_t e = (k - 1) * d + 1;
  const int64_t span = size + 2 * p - e;
  if (s <= 0 || span < 0) return;
  const int64_t rem = span % s;
  if (rem == 0) return;
  static const char* const kAxis3[] = {"depth slice", "row", "column"};
  const char* axis = dims == 1 ? "position" : kAxis3[3 - dims + i];
  const std::string plural = rem == 1 ? "" : "s";
  if (ceil) {
    out->warnings.push_back(
        "ceil_mode=True: (" + std::to_string(size) + " − " + std::to_string(e) +
        " + 2·" + std::to_string(p) + ") / " + std::to_string(s) +
        " + 1 is rounded up, so the last window hangs over the edge");
    return;
  }
  out->warnings.push_back(
      "(" + std::to_string(size) + " − " + std::to_string(e) + " + 2·" +
      std::to_string(p) + ") / " + std::to_string(s) +
      " + 1 is not an integer: the last " + std::to_string(rem) + " " + axis +
      plural + " of the padded input " + (rem == 1 ? "is" : "are") +
      " never covered by the window");
}

std::string Plural(int n) { return n == 2 ? "two" : "three"; }

struct PoolArgs {
  std::vector<int64_t> k, s, p, d;
};

// Reads kernel/stride/padding/dilation for the 2-D/3-D ops, in ATen's order
// of length checks and int32 narrowing.
std::optional<Error> ReadPoolArgs(const LayerSpec& spec, int n, bool max,
                                  const char* fn, PoolArgs* a) {
  const bool avg3 = !max && n == 3;
  const std::string prefix = std::string(fn) + ": ";
  const std::string ints = Plural(n) + " ints";
  const std::string must = avg3 ? "must be" : "must either be";
  if (auto err =
          IntList(spec.Arg("kernel_size"), n, fn, "kernel_size", 2, &a->k))
    return err;
  if (a->k.size() != 1 && a->k.size() != static_cast<size_t>(n)) {
    return RuntimeError(prefix + "kernel_size " + must +
                        " a single int, or a tuple of " + ints);
  }
  if (max || avg3) {
    for (int64_t v : a->k) {
      if (auto err = Downcast(v)) return err;
    }
  }
  if (a->k.size() == 1) a->k.assign(static_cast<size_t>(n), a->k[0]);
  if (auto err = IntList(spec.Arg("stride"), n, fn, "stride", 3, &a->s))
    return err;
  if (!a->s.empty() && a->s.size() != 1 &&
      a->s.size() != static_cast<size_t>(n)) {
    return RuntimeError(prefix + "stride " + must +
                        " omitted, a single int, or a tuple of " + ints);
  }
  if (max || avg3) {
    for (int64_t v : a->s) {
      if (auto err = Downcast(v)) return err;
    }
  }
  if (a->s.empty()) a->s = a->k;
  if (a->s.size() == 1) a->s.assign(static_cast<size_t>(n), a->s[0]);
  if (auto err = IntList(spec.Arg("padding"), n, fn, "padding", 4, &a->p))
    return err;
  if (a->p.size() != 1 && a->p.size() != static_cast<size_t>(n)) {
    return RuntimeError(prefix + "padding " + must +
                        " a single int, or a tuple of " + ints);
  }
  if (max || avg3) {
    for (int64_t v : a->p) {
      if (auto err = Downcast(v)) return err;
    }
  }
  if (a->p.size() == 1) a->p.assign(static_cast<size_t>(n), a->p[0]);
  if (max) {
    if (auto err = IntList(spec.Arg("dilation"), n, fn, "dilation", 5, &a->d))
      return err;
    if (a->d.size() != 1 && a->d.size() != static_cast<size_t>(n)) {
      return RuntimeError(prefix +
                          "dilation must be either a single int, or "
                          "a tuple of " +
                          ints);
    }
    for (int64_t v : a->d) {
      if (auto err = Downcast(v)) return err;
    }
    if (a->d.size() == 1) a->d.assign(static_cast<size_t>(n), a->d[0]);
  } else {
    a->d.assign(static_cast<size_t>(n), 1);
  }
  return std::nullopt;
}

std::optional<Error> SpatialOutputs(const Shape& x, const PoolArgs& a, int n,
                                    bool ceil, Shape* outs, Forwarded* f) {
  outs->clear();
  const size_t first = x.size() - static_cast<size_t>(n);
  for (int i = 0; i < n; ++i) {
    int64_t o = 0;
    if (auto err = PoolOutputSize(x[first + i], a.k[i], a.p[i], a.s[i], a.d[i],
                                  ceil, &o)) {
      return err;
    }
    outs->push_back(o);
  }
  for (int i = 0; i < n; ++i) {
    UncoveredWarning(x[first + i], a.k[i], a.p[i], a.s[i], a.d[i], ceil, n, i,
                     f);
  }
  for (int i = 0; i < n; ++i) {
    f->window.push_back({a.k[i], a.s[i], a.p[i], a.d[i]});
  }
  return std::nullopt;
}

std::string TooSmallHint(const Shape& x, const PoolArgs& a, int n) {
  const size_t first = x.size() - static_cast<size_t>(n);
  for (int i = 0; i < n; ++i) {
    const int64_t e = (a.k[i] - 1) * a.d[i] + 1;
    if (x[first + i] + 2 * a.p[i] < e) {
      return "the window (" + std::to_string(e) +
             ") is larger than the input (" + std::to_string(x[first + i]) +
             "): use kernel_size ≤ " +
             std::to_string(x[first + i] + 2 * a.p[i]) +
             " or remove a pooling layer before this one";
    }
  }
  return {};
}

std::optional<Error> Pool2d(const LayerSpec& spec, const Shape& x, bool max,
                            Forwarded* f) {
  const char* fn = max ? "max_pool2d" : "avg_pool2d";
  PoolArgs a;
  if (auto err = ReadPoolArgs(spec, 2, max, fn, &a)) return err;
  const size_t rank = x.size();
  if (max) {
    if (rank != 3 && rank != 4) {
      return RuntimeError(
          "non-empty 3D or 4D (batch mode) tensor expected for input",
          "MaxPool2d takes (N, C, H, W) or (C, H, W)");
    }
  } else {
    const Value& div = spec.Arg("divisor_override");
    if (div.is_int() && div.as_int() == 0) {
      return RuntimeError("divisor must be not zero",
                          "use divisor_override=None or a non-zero number");
    }
    if (rank < 3) {
      int64_t unused = 0;
      if (auto err = WrapDim(-3, static_cast<int64_t>(rank), &unused)) {
        err->hint = "AvgPool2d takes (N, C, H, W) or (C, H, W)";
        return err;
      }
    }
  }
  const bool ceil = spec.Arg("ceil_mode").Truthy();
  Shape outs;
  if (auto err = SpatialOutputs(x, a, 2, ceil, &outs, f)) return err;
  // pool2d_shape_check
  if (a.k[0] <= 0 || a.k[1] <= 0) {
    return RuntimeError(
        "kernel size should be greater than zero, but got kH: " +
        std::to_string(a.k[0]) + " kW: " + std::to_string(a.k[1]));
  }
  if (a.s[0] <= 0 || a.s[1] <= 0) {
    return RuntimeError("stride should be greater than zero, but got dH: " +
                        std::to_string(a.s[0]) +
                        " dW: " + std::to_string(a.s[1]));
  }
  if (a.d[0] <= 0 || a.d[1] <= 0) {
    return RuntimeError(
        "dilation should be greater than zero, but got dilationH: " +
        std::to_string(a.d[0]) + " dilationW: " + std::to_string(a.d[1]));
  }
  const bool valid_dims = x[1] != 0 && x[2] != 0;
  if (!((rank == 3 && x[0] != 0 && valid_dims) ||
        (rank == 4 && valid_dims && x[3] != 0))) {
    return RuntimeError(
        "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size "
        "for input, but got:" +
        SizesText(x));
  }
  const int64_t c = x[rank - 3];
  if (outs[0] < 1 || outs[1] < 1) {
    return RuntimeError(
        "Given input size: (" + std::to_string(c) + "x" +
            std::to_string(x[rank - 2]) + "x" + std::to_string(x[rank - 1]) +
            "). Calculated output size: (" + std::to_string(c) + "x" +
            std::to_string(outs[0]) + "x" + std::to_string(outs[1]) +
            "). Output size is too small",
        TooSmallHint(x, a, 2));
  }
  f->out = x;
  f->out[rank - 2] = outs[0];
  f->out[rank - 1] = outs[1];
  f->batched = rank == 4;
  return std::nullopt;
}

std::optional<Error> Pool3d(const LayerSpec& spec, const Shape& x, bool max,
                            Forwarded* f) {
  const char* fn = max ? "max_pool3d" : "avg_pool3d";
  PoolArgs a;
  if (auto err = ReadPoolArgs(spec, 3, max, fn, &a)) return err;
  const size_t rank = x.size();
  if (rank != 4 && rank != 5) {
    return RuntimeError(
        "non-empty 4D or 5D (batch mode) tensor expected for input",
        std::string(LayerKindName(spec.kind)) +
            " takes (N, C, D, H, W) or (C, D, H, W)");
  }
  if (!max) {
    const Value& div = spec.Arg("divisor_override");
    if (div.is_int() && div.as_int() == 0) {
      return RuntimeError("divisor must be not zero");
    }
  }
  const bool ceil = spec.Arg("ceil_mode").Truthy();
  Shape outs;
  if (auto err = SpatialOutputs(x, a, 3, ceil, &outs, f)) return err;
  // pool3d_shape_check
  const std::string name =
      max ? "max_pool3d_with_indices_out_cpu_template()" : "avg_pool3d()";
  if (a.k[0] <= 0 || a.k[1] <= 0 || a.k[2] <= 0) {
    return RuntimeError(
        "kernel size should be greater than zero, but got kT: " +
        std::to_string(a.k[0]) + " kH: " + std::to_string(a.k[1]) +
        " kW: " + std::to_string(a.k[2]));
  }
  if (a.s[0] <= 0 || a.s[1] <= 0 || a.s[2] <= 0) {
    return RuntimeError("stride should be greater than zero, but got dT: " +
                        std::to_string(a.s[0]) +
                        " dH: " + std::to_string(a.s[1]) +
                        " dW: " + std::to_string(a.s[2]));
  }
  if (a.d[0] <= 0 || a.d[1] <= 0 || a.d[2] <= 0) {
    return RuntimeError(
        "dilation should be greater than zero, but got dilationT: " +
        std::to_string(a.d[0]) + " dilationH: " + std::to_string(a.d[1]) +
        " dilationW: " + std::to_string(a.d[2]));
  }
  for (size_t i = rank == 5 ? 1 : 0; i < rank; ++i) {
    if (x[i] <= 0) {
      return RuntimeError(name +
                          ": Expected input's non-batch dimensions to have "
                          "positive length, but input has a shape of " +
                          SizesText(x) + " and non-batch dimension " +
                          std::to_string(x[i]) + " has length zero!");
    }
  }
  const int64_t t = x[rank - 3], h = x[rank - 2], w = x[rank - 1];
  if (!max && !(t >= a.k[0] && h >= a.k[1] && w >= a.k[2])) {
    return RuntimeError(
        "input image (T: " + std::to_string(t) + " H: " + std::to_string(h) +
            " W: " + std::to_string(w) + ") smaller than kernel size (kT: " +
            std::to_string(a.k[0]) + " kH: " + std::to_string(a.k[1]) +
            " kW: " + std::to_string(a.k[2]) + ")",
        "AvgPool3d needs the input to be at least as large as "
        "the kernel, even with padding");
  }
  // Current Pool.h (05f542c9) still compares the padding with the plain
  // kernel here, under a message that names the effective kernel; ConvPlay
  // compares with the effective kernel, the rule §4 already applied (PyTorch's
  // pending fix, pull #154395), so this never fires after §4
  // (docs/semantics.md §5).
  auto eff = [&](int i) { return (a.k[i] - 1) * a.d[i] + 1; };
  if (!(eff(0) / 2 >= a.p[0] && eff(2) / 2 >= a.p[2] && eff(1) / 2 >= a.p[1])) {
    return RuntimeError(
        "pad should be smaller than or equal to half of effective kernel "
        "size, but got padT: " +
        std::to_string(a.p[0]) + " padW: " + std::to_string(a.p[2]) +
        " padH: " + std::to_string(a.p[1]) + " effectiveKT: " +
        std::to_string(eff(0)) + " effectiveKW: " + std::to_string(eff(2)) +
        " effectiveKH: " + std::to_string(eff(1)));
  }
  const int64_t c = x[rank - 4];
  if (outs[0] < 1 || outs[1] < 1 || outs[2] < 1) {
    return RuntimeError(
        "Given input size: (" + std::to_string(c) + "x" + std::to_string(t) +
            "x" + std::to_string(h) + "x" + std::to_string(w) +
            "). Calculated output size: (" + std::to_string(c) + "x" +
            std::to_string(outs[0]) + "x" + std::to_string(outs[1]) + "x" +
            std::to_string(outs[2]) + "). Output size is too small",
        TooSmallHint(x, a, 3));
  }
  f->out = x;
  for (int i = 0; i < 3; ++i) f->out[rank - 3 + i] = outs[i];
  f->batched = rank == 5;
  return std::nullopt;
}

std::optional<Error> MaxPool1d(const LayerSpec& spec, const Shape& x,
                               Forwarded* f) {
  const size_t rank = x.size();
  const bool ok_rank = (rank == 2 && x[0] != 0 && x[1] != 0) ||
                       (rank == 3 && x[1] != 0 && x[2] != 0);
  if (!ok_rank) {
    return RuntimeError(
        "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 "
        "dim batch size for input, but got:" +
            SizesText(x),
        rank < 2 || rank > 3 ? "MaxPool1d takes (N, C, L) or (C, L)" : "");
  }
  std::vector<int64_t> k, s, p, d;
  const char* fn = "max_pool1d";
  if (auto err = IntList(spec.Arg("kernel_size"), 1, fn, "kernel_size", 2, &k))
    return err;
  if (auto err = IntList(spec.Arg("stride"), 1, fn, "stride", 3, &s))
    return err;
  if (auto err = IntList(spec.Arg("padding"), 1, fn, "padding", 4, &p))
    return err;
  if (auto err = IntList(spec.Arg("dilation"), 1, fn, "dilation", 5, &d))
    return err;
  if (k.size() != 1) {
    return RuntimeError(
        "max_pool1d() kernel_size must be an int, list of ints or tuple of "
        "ints of size 1 but got size " +
        std::to_string(k.size()));
  }
  if (!s.empty() && s.size() != 1) {
    return RuntimeError(
        "max_pool1d() stride must be None, an int, list of ints, or tuple of "
        "ints of size 1 but got size " +
        std::to_string(s.size()));
  }
  if (p.size() != 1) {
    return RuntimeError(
        "max_pool1d() padding must be an int, list of ints, or tuple of ints "
        "of size 1 but got size " +
        std::to_string(p.size()));
  }
  if (d.size() != 1) {
    return RuntimeError(
        "max_pool1d() dilation must be an int, list of ints or tuple of ints "
        "of size 1 but got size " +
        std::to_string(d.size()));
  }
  if (s.empty()) s = k;
  if (k[0] <= 0) {
    return RuntimeError(
        "max_pool1d() kernel_size must be greater than zero, but got " +
        std::to_string(k[0]));
  }
  if (s[0] <= 0) {
    return RuntimeError(
        "max_pool1d() stride must be greater than zero, but got " +
        std::to_string(s[0]));
  }
  if (p[0] < 0) {
    return RuntimeError("max_pool1d() padding must be non-negative, but got " +
                        std::to_string(p[0]));
  }
  // The padding limit is half the effective kernel (k − 1)·d + 1, as for
  // every dilated pool (§4). Without dilation that is max_pool1d's own check
  // and text; with a dilation > 1 ConvPlay reports the §4 text, which current
  // source's check_max_pool1d (plain kernel) would not reach — PyTorch's
  // pending fix, pull #154395 (docs/semantics.md §5).
  if (d[0] <= 1 && p[0] > k[0] / 2) {
    return RuntimeError(
        "max_pool1d() padding should be at most half of kernel size, but got "
        "padding=" +
            std::to_string(p[0]) + " and kernel_size=" + std::to_string(k[0]),
        "use padding ≤ " + std::to_string(k[0] / 2) + " here");
  }
  const int64_t effective =
      SaturatingAdd(SaturatingMul(k[0] - 1, std::max<int64_t>(d[0], 1)), 1);
  if (d[0] > 1 && p[0] > effective / 2) {
    return RuntimeError(
        "pad should be at most half of effective kernel size, but got pad=" +
            std::to_string(p[0]) + ", kernel_size=" + std::to_string(k[0]) +
            " and dilation=" + std::to_string(d[0]),
        "use padding ≤ " + std::to_string(effective / 2) + " here");
  }
  if (d[0] <= 0) {
    return RuntimeError(
        "max_pool1d() dilation must be greater than zero, but got " +
        std::to_string(d[0]));
  }
  const bool ceil = spec.Arg("ceil_mode").Truthy();
  int64_t o = 0;
  if (auto err = PoolOutputSize(x[rank - 1], k[0], p[0], s[0], d[0], ceil, &o))
    return err;
  if (o <= 0) {
    return RuntimeError(
        "max_pool1d() Invalid computed output size: " + std::to_string(o),
        "the window (" + std::to_string((k[0] - 1) * d[0] + 1) +
            ") is larger than the input (" + std::to_string(x[rank - 1]) + ")");
  }
  UncoveredWarning(x[rank - 1], k[0], p[0], s[0], d[0], ceil, 1, 0, f);
  f->window.push_back({k[0], s[0], p[0], d[0]});
  f->out = x;
  f->out[rank - 1] = o;
  f->batched = rank == 3;
  return std::nullopt;
}

std::optional<Error> Check1d(const char* fn, const char* arg,
                             const std::vector<int64_t>& v) {
  if (v.size() != 1) {
    return RuntimeError(std::string(fn) + "() argument '" + arg +
                        "' should contain one int (got " +
                        std::to_string(v.size()) + ")");
  }
  return std::nullopt;
}

std::optional<Error> AvgPool1d(const LayerSpec& spec, const Shape& x,
                               Forwarded* f) {
  // The module stores _single(...) of each argument.
  std::vector<int64_t> k, s, p;
  const char* fn = "avg_pool1d";
  if (auto err =
          ToInts(NTuple(spec.Arg("kernel_size"), 1), fn, "kernel_size", &k))
    return err;
  const Value& stride = spec.Arg("stride");
  if (auto err =
          ToInts(NTuple(stride.is_none() ? spec.Arg("kernel_size") : stride, 1),
                 fn, "stride", &s))
    return err;
  if (auto err = ToInts(NTuple(spec.Arg("padding"), 1), fn, "padding", &p))
    return err;
  if (auto err = CheckDimRange(fn, x)) return err;
  if (auto err = Check1d(fn, "kernel_size", k)) return err;
  if (auto err = Check1d(fn, "stride", s)) return err;
  if (auto err = Check1d(fn, "padding", p)) return err;
  // avg_pool2d on (…, 1, L) with kernel (1, k).
  Shape x2 = x;
  x2.insert(x2.end() - 1, 1);
  LayerSpec as2d;
  as2d.kind = LayerKind::kAvgPool2d;
  as2d.args = {{"kernel_size", Value::IntTuple({1, k[0]})},
               {"stride", Value::IntTuple({1, s[0]})},
               {"padding", Value::IntTuple({0, p[0]})},
               {"ceil_mode", spec.Arg("ceil_mode")},
               {"count_include_pad", spec.Arg("count_include_pad")}};
  Forwarded f2;
  if (auto err = Pool2d(as2d, x2, false, &f2)) return err;
  f->out = f2.out;
  f->out.erase(f->out.end() - 2);
  f->window = {f2.window[1]};
  for (auto& w : f2.warnings) {
    if (w.find("column") != std::string::npos) {
      const size_t pos = w.find("column");
      w.replace(pos, 6, "position");
    }
    if (w.find(" row") == std::string::npos) f->warnings.push_back(w);
  }
  f->batched = x.size() == 3;
  return std::nullopt;
}

}  // namespace

std::optional<Error> ForwardMaxPool(const LayerSpec& spec, const Shape& in,
                                    Forwarded* out) {
  switch (SpatialDimsOf(spec.kind)) {
    case 1:
      return MaxPool1d(spec, in, out);
    case 2:
      return Pool2d(spec, in, true, out);
    default:
      return Pool3d(spec, in, true, out);
  }
}

std::optional<Error> ForwardAvgPool(const LayerSpec& spec, const Shape& in,
                                    Forwarded* out) {
  switch (SpatialDimsOf(spec.kind)) {
    case 1:
      return AvgPool1d(spec, in, out);
    case 2:
      return Pool2d(spec, in, false, out);
    default:
      return Pool3d(spec, in, false, out);
  }
}

}  // namespace convplay::internal
