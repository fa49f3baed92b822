#!/usr/bin/env bash
# Runs the parse + plan fuzzer (clang 14, ASan + UBSan) for $1 seconds,
# starting from the committed seed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
work=tests/fuzz/work
mkdir -p "$work/corpus"
cp tests/fuzz/corpus/* "$work/corpus/"
# Half the time each: the Sequential parser + shape engine, then the
# class-code interpreter + graph runner.
half=$(((seconds + 1) / 2))
./build/fuzz/tests/fuzz/parse_plan_fuzz -max_total_time="$half" -timeout=5 \
  -rss_limit_mb=2048 -dict=tests/fuzz/torch.dict -print_final_stats=1 \
  -artifact_prefix="$work/" "$work/corpus" 2>&1 | grep -vE '^#[0-9]+\s+(NEW|REDUCE|pulse)' || {
  echo "fuzz: the fuzzer found a failure; the input is in $work/" >&2
  exit 1
}
mkdir -p "$work/model_corpus"
cp tests/golden/corpus/*.py "$work/model_corpus/"  # the model corpus seeds it
./build/fuzz/tests/fuzz/model_fuzz -max_total_time="$half" -timeout=5 \
  -rss_limit_mb=2048 -dict=tests/fuzz/torch.dict -print_final_stats=1 \
  -artifact_prefix="$work/model-" "$work/model_corpus" 2>&1 | grep -vE '^#[0-9]+\s+(NEW|REDUCE|pulse)' || {
  echo "fuzz: the model fuzzer found a failure; the input is in $work/" >&2
  exit 1
}
