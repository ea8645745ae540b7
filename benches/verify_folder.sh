#!/usr/bin/env bash
# A platform's catalogue check: 10,000 badge files in one folder verified by one
# `openbadges verify DIR --format summary` call (release build), with wall time and peak memory.
#
#   bash benches/verify_folder.sh [COUNT]     (default 10000; needs /usr/bin/time)
#   PROFILE=bench bash benches/verify_folder.sh   (reuse the `cargo bench` build: same optimizations)
#
# The badges are issued by `openbadges issue --roster` (deterministic: same seed, same files) into
# target/verify-folder-bench/, then verified on every core. Not a test: the figures depend on the
# machine and on what else runs on it.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
work=target/verify-folder-bench
profile="${PROFILE:-release}"
bin=target/release/openbadges

cargo build --profile "$profile" --features cli --bin openbadges
rm -rf "$work"
mkdir -p "$work"
"$bin" keygen --seed 0707070707070707070707070707070707070707070707070707070707070707 > "$work/key.json"
{
  echo 'row_id,recipient_email,"result:Feedback is timely"'
  for i in $(seq 1 "$count"); do
    printf 't-%05d,teacher%d@example-district.org,Met\n' "$i" "$i"
  done
} > "$work/roster.csv"
"$bin" issue --achievement fixtures/cli/achievement.json --issuer-key "$work/key.json" \
  --roster "$work/roster.csv" --out-dir "$work/badges" --seed 5eed --now 2025-03-14T15:00:00Z > /dev/null
echo "issued $(find "$work/badges" -name '*.json' | wc -l) badges into $work/badges"

/usr/bin/time -f 'wall %e s, peak memory %M KB' \
  "$bin" verify "$work/badges" --format summary --now 2025-04-01T00:00:00Z
