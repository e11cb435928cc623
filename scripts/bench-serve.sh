#!/usr/bin/env bash
# Live-preview benchmark: time from saving a page to the reload event of
# `shuyuan serve`, on the sample library and on a large synthetic one.
#   scripts/bench-serve.sh [PAGES]     (default 10000)
set -euo pipefail
PAGES=${1:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 "$ROOT/../shared/bench/gen_corpus.py" --pages "$PAGES" --out "$WORK/big" --flavor plain >/dev/null
mkdir -p "$WORK/sample" && cp -r "$ROOT/content" "$ROOT/site.yaml" "$WORK/sample/"
page=$(cd "$WORK/big" && find content -name '*.md' ! -name '_index.md' | sort | sed -n 1p)
cd "$ROOT"
run() {
  SHUYUAN_BENCH_ROOT="$1" SHUYUAN_BENCH_PAGE="$2" \
    cargo test --release --quiet --test integration bench_save_to_reload -- --ignored --nocapture 2>&1 | grep save-to-reload
}
echo "sample library (21 pages): $(run "$WORK/sample" content/study/_index.md)"
echo "$PAGES pages: $(run "$WORK/big" "$page")"
