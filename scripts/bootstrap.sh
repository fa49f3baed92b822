#!/usr/bin/env bash
# Installs what ConvPlay needs on a fresh Debian 12 machine: Debian packages
# when running as root (otherwise prints the exact command and stops), then
# the npm packages from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ clang-14 clang-format-14   # native builds, format check
  libfuzzer-14-dev libclang-rt-14-dev              # the libFuzzer target
  emscripten                                       # the WebAssembly build
  libhwy-dev googletest nlohmann-json3-dev         # libraries and test framework
  libbenchmark-dev                                 # native benchmark
  chromium                                         # browser tests
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "bootstrap: ConvPlay needs Debian packages that are not installed. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    echo "then run this command again." >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund
fi
