#include "convplay/plan/receptive_field.h"

#include <cstddef>

#include "convplay/spec/checked_math.h"

namespace convplay {

ReceptiveField IdentityField(int dims) {
  ReceptiveField f;
  f.size.assign(dims, 1);
  f.jump.assign(dims, 1);
  f.start.assign(dims, 0);
  return f;
}

void ComposeField(ReceptiveField* field,
                  const std::vector<WindowParams>& window) {
  if (field->scope != ReceptiveField::Scope::kLocal) return;
  for (std::size_t i = 0; i < window.size() && i < field->size.size(); ++i) {
    const WindowParams& w = window[i];
    const int64_t jump = field->jump[i];
    const int64_t effective =
        SaturatingAdd(SaturatingMul(w.dilation, w.kernel - 1), 1);
    field->size[i] =
        SaturatingAdd(field->size[i], SaturatingMul(effective - 1, jump));
    field->start[i] =
        SaturatingAdd(field->start[i], -SaturatingMul(w.pad_left, jump));
    field->jump[i] = SaturatingMul(jump, w.stride);
  }
}

}  // namespace convplay
