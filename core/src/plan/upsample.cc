// Upsample: F.interpolate's Python checks, then ATen's size check
// (docs/semantics.md §10).
#include <cmath>
#include <limits>

#include "plan/rules.h"

namespace convplay::internal {
namespace {

std::string TypeList(const std::vector<Value>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += std::string("<class '") + items[i].TypeName() + "'>";
  }
  return out + "]";
}

int64_t FloorScaled(int64_t size, double scale) {
  const double v = std::floor(static_cast<double>(size) * scale);
  if (!(v < 9.2e18)) return std::numeric_limits<int64_t>::max();
  if (!(v > -9.2e18)) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

}  // namespace

std::optional<Error> ForwardUpsample(const LayerSpec& spec, const Shape& x,
                                     Forwarded* f) {
  const Value& size = spec.Arg("size");
  const Value& scale = spec.Arg("scale_factor");
  const Value& mode_value = spec.Arg("mode");
  const Value& align = spec.Arg("align_corners");
  const std::string mode =
      mode_value.is_string() ? mode_value.as_string() : Repr(mode_value);
  f->field_scope = ReceptiveField::Scope::kNotApplicable;
  if ((mode == "nearest" || mode == "area" || mode == "nearest-exact") &&
      !align.is_none()) {
    return ValueError(
        "align_corners option can only be set with the interpolating modes: "
        "linear | bilinear | bicubic | trilinear",
        "remove align_corners, or use mode='bilinear'");
  }
  const int64_t dim = static_cast<int64_t>(x.size()) - 2;
  const Shape spatial = dim > 0 ? Shape(x.begin() + 2, x.end()) : Shape{};
  std::vector<int64_t> out_sizes;
  if (!size.is_none() && !scale.is_none()) {
    return ValueError("only one of size or scale_factor should be defined",
                      "give either size or scale_factor");
  } else if (!size.is_none()) {
    if (size.is_sequence()) {
      if (static_cast<int64_t>(size.items().size()) != dim) {
        return ValueError(
            "Input and output must have the same number of spatial dimensions, "
            "but got input with spatial dimensions of " +
            SizesText(spatial) + " and output size of " + Repr(size) +
            ". Please provide input tensor in (N, C, d1, d2, ...,dK) format "
            "and output size in (o1, o2, ...,oK) format.");
      }
      for (const Value& v : size.items()) {
        if (!v.is_int()) {
          return TypeError(
              "expected size to be one of int or Tuple[int] or Tuple[int, "
              "int] or Tuple[int, int, int], but got size with types " +
              TypeList(size.items()));
        }
        out_sizes.push_back(v.as_int());
      }
    } else if (size.is_int()) {
      for (int64_t i = 0; i < dim; ++i) out_sizes.push_back(size.as_int());
    } else {
      return TypeError(
          "expected size to be one of int or Tuple[int] or Tuple[int, int] or "
          "Tuple[int, int, int], but got size with types " +
          TypeList({size}));
    }
  } else if (!scale.is_none()) {
    std::vector<Value> factors;
    if (scale.is_sequence()) {
      if (static_cast<int64_t>(scale.items().size()) != dim) {
        return ValueError(
            "Input and scale_factor must have the same number of spatial "
            "dimensions, but got input with spatial dimensions of " +
            SizesText(spatial) + " and scale_factor of shape " + Repr(scale) +
            ". Please provide input tensor in (N, C, d1, d2, ...,dK) format "
            "and scale_factor in (s1, s2, ...,sK) format.");
      }
      factors = scale.items();
    } else {
      for (int64_t i = 0; i < dim; ++i) factors.push_back(scale);
    }
    for (size_t i = 0; i < factors.size(); ++i) {
      if (!factors[i].is_number()) {
        return TypeError(std::string("must be real number, not ") +
                         factors[i].TypeName());
      }
      out_sizes.push_back(FloorScaled(spatial[i], factors[i].as_double()));
    }
  } else {
    return ValueError("either size or scale_factor should be defined",
                      "give size=… or scale_factor=…");
  }
  const Value& recompute = spec.Arg("recompute_scale_factor");
  if (recompute.Truthy() && !size.is_none()) {
    return ValueError(
        "recompute_scale_factor is not meaningful with an explicit size.");
  }
  const int64_t r = static_cast<int64_t>(x.size());
  const bool known =
      (r == 3 && (mode == "nearest" || mode == "nearest-exact" ||
                  mode == "area" || mode == "linear")) ||
      (r == 4 && (mode == "nearest" || mode == "nearest-exact" ||
                  mode == "area" || mode == "bilinear" || mode == "bicubic")) ||
      (r == 5 && (mode == "nearest" || mode == "nearest-exact" ||
                  mode == "area" || mode == "trilinear"));
  if (!known) {
    static const char* const kModes[] = {"linear", "bilinear", "trilinear"};
    for (int want = 0; want < 3; ++want) {
      if (mode == kModes[want] && (r == 3 || r == 4 || r == 5)) {
        return MakeError(ErrorKind::kNotImplementedError,
                         "Got " + std::to_string(r) + "D input, but " + mode +
                             " mode needs " + std::to_string(want + 3) +
                             "D input");
      }
    }
    return MakeError(
        ErrorKind::kNotImplementedError,
        "Input Error: Only 3D, 4D and 5D input Tensors supported (got " +
            std::to_string(r) +
            "D) for the modes: nearest | linear | bilinear | bicubic | "
            "trilinear | lanczos | area | nearest-exact (got " +
            mode + ")",
        "Upsample takes a batched input (N, C, …)");
  }
  bool bad = false;
  for (size_t i = 0; i < out_sizes.size(); ++i) {
    bad |= spatial[i] <= 0 || out_sizes[i] <= 0;
  }
  if (bad && mode != "area") {
    static const char* const kDims[] = {"D", "H", "W"};
    const size_t off = 3 - out_sizes.size();
    auto named = [&](const Shape& v) {
      std::string t;
      for (size_t i = 0; i < v.size(); ++i) {
        if (i) t += ", ";
        t += std::string(kDims[off + i]) + ": " + std::to_string(v[i]);
      }
      return t;
    };
    return RuntimeError(
        "Input and output sizes should be greater than 0, but "
        "got input (" +
        named(spatial) + ")" + (out_sizes.size() == 1 ? " and" : "") +
        " output (" + named(out_sizes) + ")");
  }
  f->out = x;
  for (size_t i = 0; i < out_sizes.size(); ++i) f->out[2 + i] = out_sizes[i];
  return std::nullopt;
}

}  // namespace convplay::internal
