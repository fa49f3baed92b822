// AdaptiveAvgPool / AdaptiveMaxPool 1d, 2d, 3d (docs/semantics.md §7):
// functional.py's _list_with_default, then ATen's checks in order.
#include "plan/rules.h"

namespace convplay::internal {
namespace {

// _list_with_default(out_size, input.size()): an int passes through; a
// sequence needs rank > len and has None entries replaced by input sizes.
std::optional<Error> ListWithDefault(const Value& v, const Shape& x,
                                     std::vector<Value>* out) {
  if (v.is_int()) {
    *out = {v};
    return std::nullopt;
  }
  if (!v.is_sequence()) {
    return TypeError(std::string("object of type '") + v.TypeName() +
                     "' has no len()");
  }
  const size_t len = v.items().size();
  if (x.size() <= len) {
    return ValueError("Input dimension should be at least " +
                      std::to_string(len + 1));
  }
  out->clear();
  for (size_t i = 0; i < len; ++i) {
    const Value& item = v.items()[i];
    out->push_back(item.is_none() ? Value::Int(x[x.size() - len + i]) : item);
  }
  return std::nullopt;
}

std::optional<Error> Sizes(const std::vector<Value>& values, int n,
                           const char* fn, std::vector<int64_t>* out) {
  if (values.size() == 1 && values[0].is_int() && n > 1) {
    out->assign(static_cast<size_t>(n), values[0].as_int());
    return std::nullopt;
  }
  return ToInts(values, fn, "output_size", out);
}

std::string Braced(const std::vector<int64_t>& v) {
  return "{" + JoinSizes(v, ", ") + "}";
}

std::optional<Error> NonEmpty(const char* fn, const Shape& x, size_t from) {
  for (size_t i = from; i < x.size(); ++i) {
    if (x[i] <= 0) {
      return RuntimeError(std::string(fn) +
                          "(): Expected input to have non-zero size for "
                          "non-batch dimensions, but input has sizes " +
                          SizesText(x) + " with dimension " +
                          std::to_string(i) + " being empty");
    }
  }
  return std::nullopt;
}

std::optional<Error> AdaptiveAvg2d(const Shape& x,
                                   const std::vector<int64_t>& o, Shape* out) {
  if (o.size() != 2) {
    return RuntimeError("adaptive_avg_pool2d: output_size must be 2");
  }
  if (o[0] < 0 || o[1] < 0) {
    return RuntimeError(
        "adaptive_avg_pool2d: elements of output_size must be greater than or "
        "equal to 0 but received " +
        Braced(o));
  }
  if (o[0] == 1 && o[1] == 1) {
    // input.mean((-1, -2), keepdim=True): no rank check beyond the dims.
    int64_t unused = 0;
    if (auto err = WrapDim(-2, static_cast<int64_t>(x.size()), &unused)) {
      return err;
    }
    *out = x;
    out->end()[-1] = 1;
    out->end()[-2] = 1;
    return std::nullopt;
  }
  if (x.size() != 3 && x.size() != 4) {
    return RuntimeError(
        "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got " +
            SizesText(x),
        "AdaptiveAvgPool2d takes (N, C, H, W) or (C, H, W)");
  }
  for (size_t i = x.size() - 2; i < x.size(); ++i) {
    if (x[i] <= 0) {
      return RuntimeError(
          "adaptive_avg_pool2d(): Expected input to have non-zero size for "
          "non-batch dimensions, but input has sizes " +
          SizesText(x) + " with dimension " + std::to_string(i) +
          " being empty");
    }
  }
  *out = x;
  out->end()[-2] = o[0];
  out->end()[-1] = o[1];
  return std::nullopt;
}

}  // namespace

std::optional<Error> ForwardAdaptivePool(const LayerSpec& spec, const Shape& x,
                                         Forwarded* f) {
  const int n = SpatialDimsOf(spec.kind);
  const bool max = FamilyOf(spec.kind) == LayerFamily::kAdaptiveMaxPool;
  const Value& output_size = spec.Arg("output_size");
  f->field_scope = ReceptiveField::Scope::kWholeInput;
  std::vector<int64_t> o;
  if (n == 1) {
    const char* fn = max ? "adaptive_max_pool1d" : "adaptive_avg_pool1d";
    if (output_size.is_int()) {
      o = {output_size.as_int()};
    } else if (output_size.is_sequence()) {
      if (auto err = ToInts(output_size.items(), fn, "output_size", &o)) {
        return err;
      }
    } else {
      return TypeError(std::string(fn) +
                       "(): argument 'output_size' (position 2) must be tuple "
                       "of ints, not " +
                       output_size.TypeName());
    }
    if (auto err = CheckDimRange(fn, x)) return err;
    if (o.size() != 1) {
      return RuntimeError(std::string(fn) +
                          "() argument 'output_size' should contain one int "
                          "(got " +
                          std::to_string(o.size()) + ")");
    }
    Shape x2 = x;
    x2.insert(x2.end() - 1, 1);
    Shape out2;
    if (max) {
      for (size_t i = 1; i < x.size(); ++i) {
        if (x[i] <= 0) {
          return RuntimeError(
              "adaptive_max_pool1d(): Expected input to have non-zero size for "
              "non-batch dimensions, but input has sizes " +
              SizesText(x) + " with dimension " + std::to_string(i) +
              " being empty");
        }
      }
      if (o[0] < 0) {
        Shape shown = x2;
        shown.back() = o[0];
        shown.end()[-2] = 1;
        return RuntimeError("Trying to create tensor with negative dimension " +
                            std::to_string(o[0]) + ": " + SizesText(shown));
      }
      out2 = x2;
      out2.back() = o[0];
    } else if (auto err = AdaptiveAvg2d(x2, {1, o[0]}, &out2)) {
      return err;
    }
    out2.erase(out2.end() - 2);
    f->out = out2;
    f->batched = x.size() == 3;
    return std::nullopt;
  }
  std::vector<Value> listed;
  if (auto err = ListWithDefault(output_size, x, &listed)) return err;
  const char* fn =
      max ? (n == 2 ? "adaptive_max_pool2d" : "adaptive_max_pool3d")
          : (n == 2 ? "adaptive_avg_pool2d" : "adaptive_avg_pool3d");
  if (auto err = Sizes(listed, n, fn, &o)) return err;
  if (n == 2 && !max) {
    if (auto err = AdaptiveAvg2d(x, o, &f->out)) return err;
    if (f->out.size() == 3 || f->out.size() == 4) f->batched = x.size() == 4;
    return std::nullopt;
  }
  const size_t want_lo = static_cast<size_t>(n) + 1;
  if (n == 3 && !max) {
    if (o.size() != 3) {
      return RuntimeError("adaptive_avg_pool3d: output_size must be 3");
    }
    if (o[0] < 0 || o[1] < 0 || o[2] < 0) {
      return RuntimeError(
          "adaptive_avg_pool3d: elements of output_size must be greater than "
          "or equal to 0 but received " +
          Braced(o));
    }
    if (o[0] == 1 && o[1] == 1 && o[2] == 1) {
      int64_t unused = 0;
      if (auto err = WrapDim(-3, static_cast<int64_t>(x.size()), &unused)) {
        return err;
      }
      f->out = x;
      for (int i = 1; i <= 3; ++i) f->out.end()[-i] = 1;
      return std::nullopt;
    }
    if (auto err = NonEmpty("adaptive_avg_pool3d", x, 1)) return err;
    if (x.size() != 4 && x.size() != 5) {
      return RuntimeError(
          "adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got " +
          SizesText(x));
    }
  } else {
    if (x.size() != want_lo && x.size() != want_lo + 1) {
      return RuntimeError(std::string(fn) + "(): Expected " +
                          std::to_string(want_lo) + "D or " +
                          std::to_string(want_lo + 1) +
                          "D tensor, but got: " + SizesText(x));
    }
    if (auto err = NonEmpty(fn, x, 1)) return err;
    if (o.size() != static_cast<size_t>(n)) {
      return RuntimeError(std::string(fn) +
                          "(): internal error: output_size.size() must be " +
                          std::to_string(n));
    }
    for (int64_t v : o) {
      if (v < 0) {
        Shape shown = x;
        if (shown.size() == want_lo) shown.insert(shown.begin(), 1);
        for (int i = 0; i < n; ++i) shown.end()[-n + i] = o[i];
        // ATen allocates the output as given; a batchless input shows as is.
        if (x.size() == want_lo) shown.erase(shown.begin());
        return RuntimeError("Trying to create tensor with negative dimension " +
                            std::to_string(v) + ": " + SizesText(shown));
      }
    }
  }
  f->out = x;
  for (int i = 0; i < n; ++i) f->out.end()[-n + i] = o[i];
  f->batched = x.size() == want_lo + 1;
  return std::nullopt;
}

}  // namespace convplay::internal
