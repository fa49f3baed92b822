// Flatten and Unflatten: the dims they merge or split, and their errors
// (docs/semantics.md §8).
#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {

std::optional<Error> ForwardFlatten(const LayerSpec& spec, const Shape& x,
                                    const ForwardContext& ctx, Forwarded* f) {
  const Value& start = spec.Arg("start_dim");
  const Value& end = spec.Arg("end_dim");
  if (!start.is_int() || !end.is_int()) {
    return TypeError(std::string("flatten(): argument '") +
                     (start.is_int() ? "end_dim" : "start_dim") +
                     "' must be int, not " +
                     (start.is_int() ? end.TypeName() : start.TypeName()));
  }
  const int64_t r = static_cast<int64_t>(x.size());
  int64_t s = 0, e = 0;
  if (auto err = WrapDim(start.as_int(), r, &s)) {
    if (r <= 1)
      err->hint = "Flatten() keeps dim 0; this input has nothing to flatten";
    return err;
  }
  if (auto err = WrapDim(end.as_int(), r, &e)) return err;
  if (s > e) {
    return RuntimeError(
        "flatten() has invalid args: start_dim cannot come after end_dim");
  }
  if (r == 0) {
    f->out = {1};
    return std::nullopt;
  }
  Shape out(x.begin(), x.begin() + s);
  int64_t prod = 1;
  for (int64_t i = s; i <= e; ++i) prod = SaturatingMul(prod, x[i]);
  out.push_back(prod);
  out.insert(out.end(), x.begin() + e + 1, x.end());
  f->out = out;
  if (ctx.input_batched.has_value() && !*ctx.input_batched && s == 1 &&
      r >= 3) {
    f->warnings.push_back(
        "Flatten() keeps dim 0, but this input is unbatched, so dim 0 is the "
        "channel dim: the result is " +
        SizesText(out) + ", not [" + std::to_string(SaturatingMul(x[0], prod)) +
        "]. Add a batch dimension or use nn.Flatten(0).");
  }
  return std::nullopt;
}

std::optional<Error> ConstructUnflatten(const LayerSpec& spec) {
  const Value& dim = spec.Arg("dim");
  const Value& sizes = spec.Arg("unflattened_size");
  if (!dim.is_int()) {
    return TypeError("invalid argument type for dim parameter");
  }
  if (!sizes.is_sequence()) {
    return TypeError(
        std::string(
            "unflattened_size must be a tuple of int, but found type ") +
        sizes.TypeName());
  }
  for (size_t i = 0; i < sizes.items().size(); ++i) {
    if (!sizes.items()[i].is_int()) {
      return TypeError(
          std::string(
              "unflattened_size must be tuple of int, but found element "
              "of type ") +
          sizes.items()[i].TypeName() + " at pos " + std::to_string(i));
    }
  }
  return std::nullopt;
}

std::optional<Error> ForwardUnflatten(const LayerSpec& spec, const Shape& x,
                                      Forwarded* f) {
  if (x.empty()) {
    // unflatten reads the dim's size, which a 0-d tensor does not have.
    return IndexError("Dimension specified as " +
                      std::to_string(spec.Arg("dim").as_int()) +
                      " but tensor has no dimensions");
  }
  int64_t d = 0;
  if (auto err = WrapDim(spec.Arg("dim").as_int(),
                         static_cast<int64_t>(x.size()), &d)) {
    return err;
  }
  std::vector<int64_t> sizes;
  for (const Value& v : spec.Arg("unflattened_size").items()) {
    sizes.push_back(v.as_int());
  }
  if (sizes.empty()) return RuntimeError("unflatten: sizes must be non-empty");
  const int64_t n = x[d];
  int infer = -1;
  int64_t prod = 1;
  bool bad = false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      if (infer >= 0) bad = true;
      infer = static_cast<int>(i);
    } else if (sizes[i] < 0) {
      bad = true;
    } else {
      prod = SaturatingMul(prod, sizes[i]);
    }
  }
  if (!bad) {
    if (infer >= 0) {
      bad = prod == 0 || n % prod != 0;
      if (!bad) sizes[infer] = n / prod;
    } else {
      bad = prod != n;
    }
  }
  if (bad) {
    return RuntimeError("unflatten: Provided sizes " + SizesText(sizes) +
                        " don't multiply up to the size of dim " +
                        std::to_string(d) + " (" + std::to_string(n) +
                        ") in the input tensor");
  }
  Shape out(x.begin(), x.begin() + d);
  out.insert(out.end(), sizes.begin(), sizes.end());
  out.insert(out.end(), x.begin() + d + 1, x.end());
  f->out = out;
  return std::nullopt;
}

}  // namespace convplay::internal
