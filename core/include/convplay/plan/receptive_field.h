// Receptive field of a single-path stack (Araujo et al., Distill 2019):
// for each spatial dim, the size of the input region one output value sees,
// the jump (effective stride) between neighbouring outputs, and where the
// first output's region starts (negative: it begins in the padding).
#ifndef CONVPLAY_PLAN_RECEPTIVE_FIELD_H_
#define CONVPLAY_PLAN_RECEPTIVE_FIELD_H_

#include <cstdint>
#include <vector>

namespace convplay {

struct ReceptiveField {
  enum class Scope {
    kLocal,          // size/jump/start are exact
    kWholeInput,     // Flatten+Linear, adaptive pools: every input value
    kNotApplicable,  // transposed conv, upsampling: fractional stride
  };
  Scope scope = Scope::kLocal;
  std::vector<int64_t> size;
  std::vector<int64_t> jump;
  std::vector<int64_t> start;
};

// One layer's window along one spatial dim: effective kernel k' = d(k−1)+1.
struct WindowParams {
  int64_t kernel = 1;
  int64_t stride = 1;
  int64_t pad_left = 0;
  int64_t dilation = 1;
};

// An identity field over `dims` spatial dims.
ReceptiveField IdentityField(int dims);

// r ← r + (k'−1)·S, start ← start − p·S, S ← S·s, per dim. Saturates
// instead of overflowing.
void ComposeField(ReceptiveField* field,
                  const std::vector<WindowParams>& window);

}  // namespace convplay

#endif  // CONVPLAY_PLAN_RECEPTIVE_FIELD_H_
