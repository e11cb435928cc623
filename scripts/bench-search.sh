#!/usr/bin/env bash
# Search benchmark on a large synthetic library (../shared/bench/gen_corpus.py):
# index size, time the index adds to the build (written to disk and to a RAM
# disk), bytes loaded before the first query and per query, and query time,
# measured in headless Chromium over file://.
#   scripts/bench-search.sh [PAGES] [QUERIES]     (defaults: 10000 pages, 100 queries)
set -euo pipefail
PAGES=${1:-10000}
QUERIES=${2:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK" "${SHM:-}"' EXIT
(cd "$ROOT" && cargo build --release --quiet)
SHUYUAN="$ROOT/target/release/shuyuan"
python3 "$ROOT/../shared/bench/gen_corpus.py" --pages "$PAGES" --out "$WORK/site" --flavor plain >/dev/null
cp -r "$WORK/site" "$WORK/nosearch"
printf '\nsearch: false\n' >> "$WORK/nosearch/site.yaml"

# Before each timed build: the site a build replaced is removed in the
# background after it returns, and its writes may still be going to disk;
# neither belongs to the next build's time.
settle() { while pgrep -f "shuyuan remove-old-sites" >/dev/null; do sleep 0.1; done; sync; }
# Wall time and processor time (user + system) of a command, in seconds.
secs() {
  python3 -c 'import resource, subprocess, sys, time
t = time.time()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{time.time() - t:.2f} {r.ru_utime + r.ru_stime:.2f}")' "$@"
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
# The time the index adds: builds without and with it, alternately, 5 of each,
# written to OUT (this machine's disk is shared and noisy, so a RAM disk too).
build_share() {
  local out=$1 wall=() wall_without=() cpu=() cpu_without=() w wo c co
  # Each build starts with no writes of the one before still pending (sync,
  # not timed): otherwise one build's writeback lands in the next one's time.
  for _ in 1 2 3 4 5; do
    settle
    read -r w c < <(secs "$SHUYUAN" build --root "$WORK/nosearch" --out "$out/nosearch-public")
    wall_without+=("$w"); cpu_without+=("$c")
    settle
    read -r w c < <(secs "$SHUYUAN" build --root "$WORK/site" --out "$out/public")
    wall+=("$w"); cpu+=("$c")
  done
  w=$(median "${wall[@]}"); wo=$(median "${wall_without[@]}")
  c=$(median "${cpu[@]}"); co=$(median "${cpu_without[@]}")
  echo "build written to $2: without search ${wo} s, with search ${w} s, the index adds $(python3 -c "print(f'{($w - $wo) / $wo * 100:.0f}')")% (median of 5);" \
    "processor time ${co} s and ${c} s, +$(python3 -c "print(f'{($c - $co) / $co * 100:.0f}')")%"
}
build_share "$WORK" "disk"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  SHM=$(mktemp -d -p /dev/shm)
  build_share "$SHM" "a RAM disk"
  rm -rf "$SHM"
fi
cd "$ROOT"
SHUYUAN_BENCH_SITE="$WORK/public" SHUYUAN_BENCH_QUERIES="$QUERIES" \
  cargo test --release --quiet --test integration bench_search -- --ignored --nocapture 2>&1 | grep -vE '^(running|test |$)'
