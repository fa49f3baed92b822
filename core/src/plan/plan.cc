// The shape engine's driver: constructors first, then forward checks layer
// by layer, with parameter counts, MACs, receptive fields, warnings and the
// memory budget.
#include "convplay/plan/plan.h"

#include "convplay/spec/checked_math.h"
#include "convplay/text/torch_text.h"
#include "plan/rules.h"

namespace convplay {
namespace internal {

std::optional<Error> ConstructLayer(const LayerSpec& spec, Constructed* out) {
  switch (FamilyOf(spec.kind)) {
    case LayerFamily::kConv:
    case LayerFamily::kConvTranspose:
      return ConstructConv(spec, out);
    case LayerFamily::kBatchNorm:
      return ConstructBatchNorm(spec, out);
    case LayerFamily::kDropout:
      return ConstructDropout(spec);
    case LayerFamily::kUnflatten:
      return ConstructUnflatten(spec);
    case LayerFamily::kLinear:
      return ConstructLinear(spec, out);
    case LayerFamily::kPReLU:
      return ConstructPReLU(spec, out);
    case LayerFamily::kInstanceNorm:
      return ConstructInstanceNorm(spec, out);
    default:  // pooling constructors validate nothing; the rest take no args
      return std::nullopt;
  }
}

std::optional<Error> ForwardLayer(const LayerSpec& spec, const Shape& in,
                                  const ForwardContext& ctx, Forwarded* out) {
  switch (FamilyOf(spec.kind)) {
    case LayerFamily::kConv:
      return ForwardConv(spec, in, out);
    case LayerFamily::kConvTranspose:
      return ForwardConvTranspose(spec, in, out);
    case LayerFamily::kMaxPool:
      return ForwardMaxPool(spec, in, out);
    case LayerFamily::kAvgPool:
      return ForwardAvgPool(spec, in, out);
    case LayerFamily::kAdaptiveAvgPool:
    case LayerFamily::kAdaptiveMaxPool:
      return ForwardAdaptivePool(spec, in, out);
    case LayerFamily::kActivation:
      return ForwardActivation(spec, in, out);
    case LayerFamily::kSoftmax:
      return ForwardSoftmax(spec, in, out);
    case LayerFamily::kBatchNorm:
      return ForwardBatchNorm(spec, in, out);
    case LayerFamily::kDropout:
      return ForwardDropout(spec, in, out);
    case LayerFamily::kFlatten:
      return ForwardFlatten(spec, in, ctx, out);
    case LayerFamily::kUnflatten:
      return ForwardUnflatten(spec, in, out);
    case LayerFamily::kLinear:
      return ForwardLinear(spec, in, out);
    case LayerFamily::kPad:
      return ForwardPad(spec, in, out);
    case LayerFamily::kUpsample:
      return ForwardUpsample(spec, in, out);
    case LayerFamily::kPReLU:
      return ForwardPReLU(spec, in, out);
    case LayerFamily::kPixelShuffle:
      return ForwardPixelShuffle(spec, in, out);
    case LayerFamily::kInstanceNorm:
      return ForwardInstanceNorm(spec, in, out);
  }
  return RuntimeError(std::string("internal: no rule for ") +
                      LayerKindName(spec.kind));
}

std::string ParamsFormula(const LayerSpec& spec,
                          const std::vector<TensorSpec>& tensors,
                          int64_t params) {
  const std::string total = std::to_string(params);
  std::vector<const TensorSpec*> learnable;
  for (const auto& t : tensors) {
    if (t.learnable) learnable.push_back(&t);
  }
  if (learnable.empty()) return "0";
  if (FamilyOf(spec.kind) == LayerFamily::kBatchNorm ||
      FamilyOf(spec.kind) == LayerFamily::kInstanceNorm) {
    return "2 × " + std::to_string(learnable[0]->shape[0]) + " = " + total;
  }
  std::string text;
  for (size_t i = 0; i < learnable.size(); ++i) {
    const Shape& s = learnable[i]->shape;
    if (i) text += " + ";
    if (s.size() == 1) {
      text += std::to_string(s[0]);
    } else if (s.size() == 2) {
      text += std::to_string(s[0]) + " × " + std::to_string(s[1]);
    } else if (!s.empty()) {
      Shape rest(s.begin() + 1, s.end());
      text += std::to_string(s[0]) + " × (" + JoinSizes(rest, " × ") + ")";
    }
  }
  return text + " = " + total;
}

}  // namespace internal

namespace {

using internal::Constructed;
using internal::ForwardContext;
using internal::Forwarded;
using internal::HumanBytes;

int64_t ElementBytes(const TensorSpec& t) {
  // num_batches_tracked is an int64 counter; everything else float32.
  return t.name == "num_batches_tracked" ? 8 : 4;
}

Error BudgetError(int layer, const std::string& what, int64_t bytes,
                  int64_t total, int64_t budget) {
  Error e = MakeError(
      ErrorKind::kMemoryError,
      what + " needs " + std::to_string(bytes) + " bytes (" +
          HumanBytes(bytes) + "); the stack would then hold " +
          (total < 0
               ? std::string("more than 2^63 bytes")
               : std::to_string(total) + " bytes (" + HumanBytes(total) + ")") +
          ", over ConvPlay's memory budget of " + std::to_string(budget) +
          " bytes (" + HumanBytes(budget) + ")",
      "make the input, the channels or the kernel smaller");
  e.layer = layer;
  return e;
}

// numel·element bytes; -1 on overflow.
int64_t TensorBytes(const Shape& shape, int64_t element) {
  int64_t numel = 0;
  int64_t bytes = 0;
  for (int64_t s : shape) {
    if (s == 0) return 0;
  }
  if (!CheckedProduct(shape, &numel) || !CheckedMul(numel, element, &bytes)) {
    return -1;
  }
  return bytes;
}

int FieldDims(const std::vector<LayerSpec>& stack) {
  for (const LayerSpec& s : stack) {
    switch (FamilyOf(s.kind)) {
      case LayerFamily::kConv:
      case LayerFamily::kMaxPool:
      case LayerFamily::kAvgPool:
        return SpatialDimsOf(s.kind);
      case LayerFamily::kPad:
        return 2;
      case LayerFamily::kPixelShuffle:
        if (s.kind == LayerKind::kPixelUnshuffle) return 2;
        break;
      default:
        break;
    }
  }
  return 0;
}

bool Contains(const std::string& s, const char* part) {
  return s.find(part) != std::string::npos;
}

// Advice for errors whose rule did not give its own: keyed on PyTorch's
// message, which is stable text.
void AddDefaultHint(const Shape& input, Error* e) {
  if (!e->hint.empty()) return;
  const std::string& m = e->message;
  const std::string rank = std::to_string(input.size());
  if (Contains(m, "negative dimension")) {
    e->hint = "sizes (channels, features, kernel_size) must be 0 or more";
  } else if (e->kind == ErrorKind::kTypeError &&
             (Contains(m, "type float") || Contains(m, "not float"))) {
    e->hint = "use a whole number (int) here, not a float";
  } else if (e->kind == ErrorKind::kTypeError && Contains(m, "type str")) {
    e->hint = "this argument takes numbers, not a string";
  } else if (Contains(m, "Dimension out of range")) {
    e->hint = "this layer's input has " + rank + " dims: use a dim from -" +
              rank + " to " +
              std::to_string(static_cast<int64_t>(input.size()) - 1);
  } else if (Contains(m, "don't multiply up")) {
    e->hint =
        "the sizes must multiply to the size of that dim (one may be "
        "-1 to infer it)";
  } else if (Contains(m, "non-positive stride") ||
             Contains(m, "stride should be greater than zero") ||
             Contains(m, "stride must be greater than zero")) {
    e->hint = "stride must be 1 or more";
  } else if (Contains(m, "kernel size should be greater than zero") ||
             Contains(m, "kernel_size must be greater than zero")) {
    e->hint = "kernel_size must be 1 or more";
  } else if (Contains(m, "dilation should be greater than zero") ||
             Contains(m, "dilation must be greater than zero")) {
    e->hint = "dilation must be 1 or more (1 means no holes)";
  } else if (Contains(m, "pad must be non-negative") ||
             Contains(m, "padding must be non-negative") ||
             Contains(m, "negative padding")) {
    e->hint = "padding must be 0 or more";
  } else if (Contains(m, "must either be a single int") ||
             Contains(m, "must be a single int") ||
             Contains(m, "should contain one int") ||
             Contains(m, "of size 1 but got size") ||
             Contains(m, "to match the convolution dimensions")) {
    e->hint = "give one number, or one per spatial dim of this layer";
  } else if (Contains(m, "Output size is too small")) {
    e->hint =
        "the output would be empty: use a smaller kernel, stride or "
        "padding, or a larger input";
  } else if (Contains(m, "Storage size calculation overflowed")) {
    e->hint = "these sizes are far too large";
  } else if (Contains(m, "integer out of range")) {
    e->hint = "pooling sizes must be below 2**31";
  }
}

}  // namespace

Plan MakePlan(const std::vector<LayerSpec>& stack_in, const Shape& input_shape,
              const PlanOptions& options) {
  Plan plan;
  const int64_t budget = options.memory_budget_bytes;
  for (int64_t d : input_shape) {
    if (d < 0) {
      plan.error = internal::RuntimeError(
          "Trying to create tensor with negative dimension " +
              std::to_string(d) + ": " + SizesText(input_shape),
          "every size of the input shape must be 0 or more");
      return plan;
    }
  }
  int64_t used = TensorBytes(input_shape, 4);
  if (used < 0 || used > budget) {
    plan.error = BudgetError(-1, "the input of size " + SizesText(input_shape),
                             used, used, budget);
    return plan;
  }

  // 1. Every constructor, in order (nn.Sequential is built before it runs).
  std::vector<LayerSpec> stack = stack_in;
  std::vector<Constructed> built(stack.size());
  std::optional<Error> ctor_error;
  size_t runnable = stack.size();
  for (size_t i = 0; i < stack.size() && !ctor_error; ++i) {
    std::optional<Error> err = NormalizeSpec(&stack[i]);
    if (!err) err = internal::ConstructLayer(stack[i], &built[i]);
    if (!err) {
      for (const TensorSpec& t : built[i].tensors) {
        const int64_t bytes = TensorBytes(t.shape, ElementBytes(t));
        const int64_t total = bytes < 0 ? -1 : SaturatingAdd(used, bytes);
        if (bytes < 0 || total > budget) {
          err = BudgetError(
              static_cast<int>(i),
              std::string(LayerKindName(stack[i].kind)) + "'s " + t.name +
                  " of size " + SizesText(t.shape),
              bytes < 0 ? std::numeric_limits<int64_t>::max() : bytes, total,
              budget);
          break;
        }
        used = total;
      }
    }
    if (err) {
      err->layer = static_cast<int>(i);
      ctor_error = err;
      runnable = i;
    }
  }

  // 2. Forward, layer by layer.
  const int field_dims = FieldDims(stack);
  ReceptiveField field = IdentityField(field_dims);
  ForwardContext ctx;
  Shape x = input_shape;
  for (size_t i = 0; i < runnable; ++i) {
    const LayerSpec& spec = stack[i];
    Forwarded f;
    ctx.index = static_cast<int>(i);
    std::optional<Error> err = internal::ForwardLayer(spec, x, ctx, &f);
    if (!err) {
      const int64_t bytes = TensorBytes(f.out, 4);
      const int64_t total = bytes < 0 ? -1 : SaturatingAdd(used, bytes);
      if (bytes < 0 || total > budget) {
        err =
            BudgetError(static_cast<int>(i),
                        std::string(LayerKindName(spec.kind)) +
                            "'s output of size " + SizesText(f.out),
                        bytes < 0 ? std::numeric_limits<int64_t>::max() : bytes,
                        total, budget);
      } else {
        used = total;
      }
    }
    if (err) {
      if (!ctor_error) {
        err->layer = static_cast<int>(i);
        plan.error = err;
      }
      break;
    }
    if (!ctx.input_batched && f.batched) ctx.input_batched = f.batched;
    if (f.field_scope != ReceptiveField::Scope::kLocal) {
      if (field.scope == ReceptiveField::Scope::kLocal) {
        field.scope = f.field_scope;
        field.size.clear();
        field.jump.clear();
        field.start.clear();
      }
    } else if (!f.window.empty()) {
      if (static_cast<int>(f.window.size()) == field_dims) {
        ComposeField(&field, f.window);
      } else if (field.scope == ReceptiveField::Scope::kLocal) {
        field = ReceptiveField{ReceptiveField::Scope::kWholeInput, {}, {}, {}};
      }
    }
    LayerPlan lp;
    lp.index = static_cast<int>(i);
    lp.kind = spec.kind;
    lp.code = FormatLayer(spec);
    lp.input_shape = x;
    lp.output_shape = f.out;
    for (const TensorSpec& t : built[i].tensors) {
      int64_t numel = 1;
      for (int64_t s : t.shape) numel = SaturatingMul(numel, s);
      (t.learnable ? lp.params : lp.buffers) += numel;
    }
    lp.params_formula =
        internal::ParamsFormula(spec, built[i].tensors, lp.params);
    lp.macs = f.macs;
    lp.receptive_field = field;
    lp.tensors = built[i].tensors;
    lp.module = std::to_string(i);
    lp.inputs = {static_cast<int>(i) - 1};
    for (std::string& w : f.warnings) {
      plan.warnings.push_back({static_cast<int>(i), std::move(w)});
    }
    plan.total_params = SaturatingAdd(plan.total_params, lp.params);
    plan.total_macs = SaturatingAdd(plan.total_macs, lp.macs);
    plan.layers.push_back(std::move(lp));
    x = f.out;
  }
  if (ctor_error) plan.error = ctor_error;
  for (size_t i = 0; i < runnable; ++i) {
    for (const TensorSpec& t : built[i].tensors) {
      TensorSpec full = t;
      full.name = std::to_string(i) + "." + t.name;
      plan.state_dict.push_back(std::move(full));
    }
  }
  if (plan.error) {
    const int at = plan.error->layer;
    AddDefaultHint(at >= 0 && at < static_cast<int>(plan.layers.size())
                       ? plan.layers[at].input_shape
                   : at == static_cast<int>(plan.layers.size()) ? x
                                                                : input_shape,
                   &*plan.error);
  }
  plan.total_bytes = used;
  plan.ok = !plan.error.has_value();
  if (plan.ok) plan.output_shape = x;
  return plan;
}

}  // namespace convplay
