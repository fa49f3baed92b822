# Every compile and link flag of the project, in one place.

# Warnings and sanitizers for a native target.
function(convplay_target_options target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-sign-compare)
  endif()
  if(CONVPLAY_SANITIZE AND NOT EMSCRIPTEN)
    target_compile_options(${target} PRIVATE -fsanitize=${CONVPLAY_SANITIZE} -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${CONVPLAY_SANITIZE})
  endif()
  if(EMSCRIPTEN)
    target_compile_options(${target} PRIVATE -msimd128)
  endif()
endfunction()

# A test executable that also runs under Node when built with Emscripten:
# one self-contained .js (SINGLE_FILE avoids Node 20's fetch() of the .wasm)
# with the real file system for golden data.
function(convplay_wasm_test_options target)
  if(EMSCRIPTEN)
    target_link_options(${target} PRIVATE -sSINGLE_FILE=1 -sNODERAWFS=1 -sASSERTIONS=1
                        -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=node -sEXIT_RUNTIME=1)
  endif()
endfunction()
