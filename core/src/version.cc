#include "convplay/version.h"

namespace convplay {

const char* Version() { return CONVPLAY_VERSION; }

}  // namespace convplay
