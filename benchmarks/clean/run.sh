#!/usr/bin/env bash
# Clean benchmark: both tracks of ../shared/bench/clean through `newsprism bench clean`,
# scored by the shared scorer. Usage: bash benchmarks/clean/run.sh [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/../shared/bench/clean"
out="${1:-$root/benchmarks/clean/out}"
mkdir -p "$out"
for track in text html; do
    "$root/.venv/bin/newsprism" bench clean "$bench/$track-dev.jsonl" -o "$out/pred-$track.jsonl"
    python3 "$bench/score_clean.py" "$bench/$track-dev.jsonl" "$out/pred-$track.jsonl" --by-source
done
