#!/usr/bin/env bash
# Runs every hostile input through the release CLI (`openbadges verify FILE`) and prints a
# Markdown table of wall time and peak memory (GNU time's maximum resident set size).
# Usage: benches/hostile.sh [DIR]   (the corpus is written to DIR, default target/hostile)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-target/hostile}"
cargo build --quiet --release --features cli
# The generator needs no optimization (and a debug build reuses the test build).
cargo run --quiet --example hostile_corpus -- "$dir"
if [ ! -x /usr/bin/time ]; then
  echo "SKIP: /usr/bin/time (GNU time) is not installed" >&2
  exit 0
fi
echo "| input | size | exit | time (s) | peak memory (MB) |"
echo "|---|---:|---:|---:|---:|"
for file in "$dir"/*; do
  stats=$(mktemp)
  set +e
  /usr/bin/time -v -o "$stats" target/release/openbadges verify "$file" > /dev/null 2>&1
  code=$?
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$stats")
  seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$stats")
  size=$(stat -c %s "$file")
  printf '| %s | %s | %s | %.2f | %.1f |\n' "$(basename "$file")" "$size" "$code" "$seconds" "$(echo "$rss_kb / 1024" | bc -l)"
  rm -f "$stats"
done
