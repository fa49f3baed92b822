# Every compile and link flag of the project, in one place.

option(CONVPLAY_WASM_SIMD "Build WebAssembly with SIMD128" ON)

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
  if(CONVPLAY_FUZZ)
    # Coverage feedback for libFuzzer in every fuzzed library, not only in
    # the target's own file.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
  if(EMSCRIPTEN AND CONVPLAY_WASM_SIMD)
    target_compile_options(${target} PRIVATE -msimd128)
  endif()
endfunction()

# A test executable that also runs under Node when built with Emscripten:
# one self-contained CommonJS file (.cjs: the repository's package.json says
# "type": "module"; SINGLE_FILE avoids Node 20's fetch() of the .wasm) with
# the real file system for golden data.
function(convplay_wasm_test_options target)
  if(EMSCRIPTEN)
    set_target_properties(${target} PROPERTIES SUFFIX ".cjs")
    target_link_options(${target} PRIVATE -sSINGLE_FILE=1 -sNODERAWFS=1 -sASSERTIONS=1
                        -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=node -sEXIT_RUNTIME=1)
  endif()
endfunction()

# Header-only libraries from Debian (/usr/include/<name>) for every build:
# expose only that folder, since all of /usr/include would shadow the
# Emscripten sysroot's libc headers. Sets <var> to an include directory.
function(convplay_system_headers name var)
  find_path(found_${name} ${name} PATHS /usr/include REQUIRED NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  set(dir ${CMAKE_BINARY_DIR}/system-headers/${name})
  file(MAKE_DIRECTORY ${dir})
  file(CREATE_LINK ${found_${name}}/${name} ${dir}/${name} SYMBOLIC)
  set(${var} ${dir} PARENT_SCOPE)
endfunction()
