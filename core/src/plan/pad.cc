// F.pad's shape rules for every mode (constant, reflect, replicate,
// circular) and the padding layers built on them (ZeroPad2d,
// ReflectionPad2d, ReplicationPad2d; docs/semantics.md §9).
#include "convplay/spec/checked_math.h"
#include "plan/rules.h"

namespace convplay::internal {
namespace {

std::optional<Error> ConstantPad(const Shape& in,
                                 const std::vector<int64_t>& pad, Shape* out) {
  const int64_t rank = static_cast<int64_t>(in.size());
  const int64_t n_pad = static_cast<int64_t>(pad.size()) / 2;
  // constant_pad_nd narrows the input for negative pads first (ATen's
  // narrow() checks: an over-crop is a negative length), then checks each
  // padded size (docs/semantics.md §9).
  Shape cropped = in;
  bool all_non_positive = true;
  for (int64_t dim = rank - n_pad; dim < rank; ++dim) {
    const int64_t i = rank - 1 - dim;
    for (int side = 0; side < 2; ++side) {
      const int64_t p = pad[2 * i + side];
      if (p >= 0) {
        all_non_positive &= p == 0;
        continue;
      }
      const int64_t cur = cropped[dim];
      const int64_t length = cur + p;
      // Current narrow() checks the length first (1.13 checked the start,
      // then `start (0) + length (-1) exceeds dimension size (1).`).
      if (length < 0) {
        return RuntimeError("narrow(): length must be non-negative.",
                            "the crop of " + std::to_string(-p) +
                                " is larger than the " + std::to_string(cur) +
                                " element(s) left in dim " +
                                std::to_string(dim));
      }
      cropped[dim] = length;
    }
  }
  *out = cropped;
  if (all_non_positive) return std::nullopt;
  *out = in;
  for (int64_t i = 0; i < n_pad; ++i) {
    const int64_t dim = rank - 1 - i;
    const int64_t l = pad[2 * i];
    const int64_t r = pad[2 * i + 1];
    int64_t size = 0;
    if (!CheckedAdd(in[dim], l, &size) || !CheckedAdd(size, r, &size)) {
      return RuntimeError("Storage size calculation overflowed with sizes=" +
                          SizesText(in));
    }
    if (size < 0) {
      return RuntimeError(
          "The input size " + std::to_string(in[dim]) +
          ", plus negative padding " + std::to_string(l) + " and " +
          std::to_string(r) +
          " resulted in a negative output size, which is invalid. Check "
          "dimension " +
          std::to_string(dim) + " of your input.");
    }
    (*out)[dim] = size;
  }
  return std::nullopt;
}

std::optional<Error> CheckNonEmpty(const Shape& in, int spatial) {
  // Padding.h check_valid_input: every dim but the batch dim non-zero.
  const size_t rank = in.size();
  const bool batched = rank == static_cast<size_t>(spatial) + 2;
  for (size_t i = batched ? 1 : 0; i < rank; ++i) {
    if (in[i] == 0) {
      return RuntimeError(
          "Expected " + std::to_string(spatial + 1) + "D or " +
          std::to_string(spatial + 2) +
          "D (batch mode) tensor with possibly 0 batch size and other "
          "non-zero dimensions for input, but got: " +
          SizesText(in));
    }
  }
  return std::nullopt;
}

// "input (H: 3, W: 3 ) is too small. Calculated output H: -1 W: -1" as the
// reflection and replication kernels word it (their spacing differs).
Error PadTooSmall(const Shape& in, const Shape& out, int spatial,
                  const char* too_small) {
  const size_t rank = in.size();
  std::string msg = "input (";
  if (spatial == 3) msg += "D: " + std::to_string(in[rank - 3]) + " ";
  if (spatial >= 2) msg += "H: " + std::to_string(in[rank - 2]) + ", ";
  msg +=
      "W: " + std::to_string(in[rank - 1]) + too_small + ". Calculated output ";
  if (spatial == 3) msg += "D: " + std::to_string(out[rank - 3]) + " ";
  if (spatial >= 2) msg += "H: " + std::to_string(out[rank - 2]) + " ";
  msg += "W: " + std::to_string(out[rank - 1]);
  return RuntimeError(msg);
}

std::optional<Error> ReflectPad(const Shape& in,
                                const std::vector<int64_t>& pad, Shape* out) {
  const int spatial = static_cast<int>(pad.size()) / 2;
  if (auto err = CheckNonEmpty(in, spatial)) return err;
  const int64_t rank = static_cast<int64_t>(in.size());
  *out = in;
  // Argument numbers as ATen's reflection_pad{1,2,3}d name them: W is #4,
  // H is #6, D is #8.
  for (int i = 0; i < spatial; ++i) {
    const int64_t dim = rank - 1 - i;
    const int64_t l = pad[2 * i];
    const int64_t r = pad[2 * i + 1];
    if (!(l < in[dim] && r < in[dim])) {
      return RuntimeError(
          "Argument #" + std::to_string(4 + 2 * i) +
          ": Padding size should be less than the corresponding input "
          "dimension, but got: padding (" +
          std::to_string(l) + ", " + std::to_string(r) + ") at dimension " +
          std::to_string(dim) + " of input " + SizesText(in));
    }
    (*out)[dim] = in[dim] + l + r;
  }
  // ATen's reflection check only fails when every output size is < 1.
  bool any_positive = false;
  for (int i = 0; i < spatial; ++i) any_positive |= (*out)[rank - 1 - i] >= 1;
  if (!any_positive) return PadTooSmall(in, *out, spatial, ")is too small");
  return std::nullopt;
}

std::optional<Error> ReplicatePad(const Shape& in,
                                  const std::vector<int64_t>& pad, Shape* out) {
  const int spatial = static_cast<int>(pad.size()) / 2;
  if (auto err = CheckNonEmpty(in, spatial)) return err;
  const int64_t rank = static_cast<int64_t>(in.size());
  *out = in;
  for (int i = 0; i < spatial; ++i) {
    const int64_t dim = rank - 1 - i;
    (*out)[dim] = in[dim] + pad[2 * i] + pad[2 * i + 1];
  }
  bool too_small = false;
  for (int i = 0; i < spatial; ++i) too_small |= (*out)[rank - 1 - i] < 1;
  if (too_small) return PadTooSmall(in, *out, spatial, " ) is too small");
  return std::nullopt;
}

std::optional<Error> CircularPad(const Shape& in,
                                 const std::vector<int64_t>& pad, Shape* out) {
  const int64_t rank = static_cast<int64_t>(in.size());
  const int64_t n_padded = static_cast<int64_t>(pad.size()) / 2;
  const int64_t n_plain = rank - n_padded;
  if (n_plain != 1 && n_plain != 2) {
    return RuntimeError(
        "Invalid padding size, expected 1 or 2 non-padded dimensions, which "
        "would be equivalent to padding of length " +
        std::to_string((rank - 1) * 2) + " or " +
        std::to_string((rank - 2) * 2) + " respectively but got " +
        std::to_string(pad.size()));
  }
  *out = in;
  for (int64_t i = 0; i < n_padded; ++i) {
    const int64_t dim = n_plain + i;
    const int64_t l = pad[2 * (n_padded - i - 1)];
    const int64_t r = pad[2 * (n_padded - i - 1) + 1];
    if (!(l <= in[dim] && r <= in[dim])) {
      return RuntimeError(
          "Padding value causes wrapping around more than once.");
    }
    (*out)[dim] = in[dim] + l + r;
    if ((*out)[dim] < 0) {
      return RuntimeError(
          "Negative padding value is resulting in an empty dimension");
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> PadShape(const Shape& in, const std::vector<int64_t>& pad,
                              PadMode mode, Shape* out) {
  const int64_t rank = static_cast<int64_t>(in.size());
  if (pad.size() % 2 != 0) {
    return RuntimeError("Padding length must be divisible by 2");
  }
  if (static_cast<int64_t>(pad.size()) > rank * 2) {
    return RuntimeError("Padding length too large");
  }
  if (mode == PadMode::kZeros) return ConstantPad(in, pad, out);
  const size_t n = pad.size();
  const bool supported = (n == 2 && (rank == 2 || rank == 3)) ||
                         (n == 4 && (rank == 3 || rank == 4)) ||
                         (n == 6 && (rank == 4 || rank == 5));
  if (!supported) {
    return MakeError(ErrorKind::kNotImplementedError,
                     "Only 2D, 3D, 4D, 5D padding with non-constant padding "
                     "are supported for now");
  }
  if (mode == PadMode::kCircular) return CircularPad(in, pad, out);
  return mode == PadMode::kReflect ? ReflectPad(in, pad, out)
                                   : ReplicatePad(in, pad, out);
}

std::optional<Error> ForwardPad(const LayerSpec& spec, const Shape& x,
                                Forwarded* f) {
  const Value& padding = spec.Arg("padding");
  std::vector<int64_t> pad;
  if (padding.is_int()) {
    pad.assign(4, padding.as_int());
  } else if (padding.is_sequence()) {
    if (auto err = ToInts(padding.items(), "pad", "pad", &pad)) return err;
  } else {
    return TypeError(std::string("pad(): argument 'pad' (position 2) must be "
                                 "tuple of ints, not ") +
                     padding.TypeName());
  }
  const PadMode mode = spec.kind == LayerKind::kZeroPad2d ? PadMode::kZeros
                       : spec.kind == LayerKind::kReflectionPad2d
                           ? PadMode::kReflect
                           : PadMode::kReplicate;
  if (auto err = PadShape(x, pad, mode, &f->out)) return err;
  // The field grows into the padding: left pads of W then H.
  if (pad.size() >= 2) {
    const int64_t top = pad.size() >= 4 ? pad[2] : 0;
    f->window = {{1, 1, top, 1}, {1, 1, pad[0], 1}};
  }
  return std::nullopt;
}

}  // namespace convplay::internal
