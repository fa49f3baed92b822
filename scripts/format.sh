#!/usr/bin/env bash
# clang-format for C++, prettier for the web code. --check: fail on a diff.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t cpp < <(git ls-files '*.cc' '*.h')
web=("web/**/*.{ts,html}" "web/*.ts" "tests/e2e/*.ts" "tests/js/**/*.{ts,json}" "*.{json,md}" "web/*.json")
if [ "${1:-}" = "--check" ]; then
  clang-format-14 --dry-run --Werror "${cpp[@]}"
  npx prettier --check --log-level warn "${web[@]}"
else
  clang-format-14 -i "${cpp[@]}"
  npx prettier --write --log-level warn "${web[@]}"
fi
