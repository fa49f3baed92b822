// The library's version: package.json's, passed in by CMake.
#ifndef CONVPLAY_VERSION_H_
#define CONVPLAY_VERSION_H_

namespace convplay {

const char* Version();  // "0.1.0"

}  // namespace convplay

#endif  // CONVPLAY_VERSION_H_
