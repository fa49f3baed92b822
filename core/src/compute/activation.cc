// SIMD activations (ReLU, LeakyReLU, ELU, GELU erf/tanh, Sigmoid, Tanh),
// elementwise with NaN propagated as PyTorch does. Highway; full vectors,
// then a masked tail so nothing past the end is read.
#include "convplay/compute/ops.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compute/activation.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
// After highway.h: per-target helpers (a separate block keeps include
// sorting from moving it).
#include <hwy/contrib/math/math-inl.h>

HWY_BEFORE_NAMESPACE();
namespace convplay {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D, class V>
V Erf(D d, V x) {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), odd in x.
  const V ax = hn::Abs(x);
  const V t = hn::Div(hn::Set(d, 1.0f),
                      hn::MulAdd(hn::Set(d, 0.3275911f), ax, hn::Set(d, 1.0f)));
  V poly = hn::Set(d, 1.061405429f);
  poly = hn::MulAdd(poly, t, hn::Set(d, -1.453152027f));
  poly = hn::MulAdd(poly, t, hn::Set(d, 1.421413741f));
  poly = hn::MulAdd(poly, t, hn::Set(d, -0.284496736f));
  poly = hn::MulAdd(poly, t, hn::Set(d, 0.254829592f));
  poly = hn::Mul(poly, t);
  const V e = hn::Exp(d, hn::Neg(hn::Mul(ax, ax)));
  const V y = hn::NegMulAdd(poly, e, hn::Set(d, 1.0f));
  return hn::CopySign(y, x);
}

template <class D, class V>
V ActivateRaw(D d, const ActivationArgs& a, V x) {
  const V zero = hn::Zero(d);
  const V one = hn::Set(d, 1.0f);
  const V half = hn::Set(d, 0.5f);
  switch (a.kind) {
    case Activation::kReLU:  // x ≤ 0 → 0; NaN stays NaN
      return hn::IfThenZeroElse(hn::Le(x, zero), x);
    case Activation::kLeakyReLU:
      return hn::IfThenElse(hn::Gt(x, zero), x,
                            hn::Mul(x, hn::Set(d, a.alpha)));
    case Activation::kELU:
      return hn::IfThenElse(
          hn::Gt(x, zero), x,
          hn::Mul(hn::Set(d, a.alpha), hn::Expm1(d, hn::Min(x, zero))));
    case Activation::kGELU:
      return hn::Mul(
          hn::Mul(half, x),
          hn::Add(one, Erf(d, hn::Mul(x, hn::Set(d, 0.70710678118654752f)))));
    case Activation::kGELUTanh: {
      const V inner = hn::Mul(
          hn::Set(d, 0.7978845608028654f),
          hn::MulAdd(hn::Mul(hn::Set(d, 0.044715f), hn::Mul(x, x)), x, x));
      return hn::Mul(hn::Mul(half, x), hn::Add(one, hn::Tanh(d, inner)));
    }
    case Activation::kSigmoid:
      return hn::Div(one, hn::Add(one, hn::Exp(d, hn::Neg(x))));
    case Activation::kTanh:
      return hn::Tanh(d, x);
  }
  return x;
}

// Highway's Exp/Tanh/Expm1 do not propagate NaN; PyTorch's ops do.
template <class D, class V>
V ActivateVec(D d, const ActivationArgs& a, V x) {
  return hn::IfThenElse(hn::IsNaN(x), x, ActivateRaw(d, a, x));
}

void ActivateImpl(const ActivationArgs& a, const float* in, float* out,
                  int64_t n) {
  const hn::ScalableTag<float> d;
  const int64_t N = static_cast<int64_t>(hn::Lanes(d));
  int64_t i = 0;
  for (; i + N <= n; i += N)
    hn::StoreU(ActivateVec(d, a, hn::LoadU(d, in + i)), d, out + i);
  if (i < n) {
    // Tail: copy into a full vector so nothing past `in + n` is read.
    HWY_ALIGN float tail[hn::MaxLanes(d)] = {};
    for (int64_t j = i; j < n; ++j) tail[j - i] = in[j];
    const auto v = ActivateVec(d, a, hn::Load(d, tail));
    hn::BlendedStore(v, hn::FirstN(d, static_cast<size_t>(n - i)), d, out + i);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace convplay
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace convplay {

HWY_EXPORT(ActivateImpl);

void Activate(const ActivationArgs& a, const float* in, float* out, int64_t n) {
  HWY_DYNAMIC_DISPATCH(ActivateImpl)(a, in, out, n);
}

}  // namespace convplay
#endif  // HWY_ONCE
