#!/usr/bin/env bash
# Whether two shuyuan binaries build the same site, byte for byte: for a
# change meant to move code without changing what it makes.
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY [ROOT...]
#
# Each ROOT (default: the sample library, and a 10,000-page corpus made by
# ../shared/bench/gen_corpus.py) is built by both into a temporary folder and
# the two trees are compared with `diff -r`. Exit 0 when every pair is the
# same; otherwise the differing files are listed and the exit is 1.
set -euo pipefail
# The calendars stamp the build time; fixed here so that two builds can match.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1764547200}
old=$(realpath "$1") new=$(realpath "$2"); shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
roots=("$@")
if [ ${#roots[@]} -eq 0 ]; then
  python3 "$here/../shared/bench/gen_corpus.py" --pages 10000 --out "$work/corpus" --flavor plain >/dev/null
  roots=("$here" "$work/corpus")
fi
status=0
for root in "${roots[@]}"; do
  for side in old new; do
    bin=${!side}
    "$bin" build --root "$root" --out "$work/$side" --broken-links warn >/dev/null 2>&1 \
      || { echo "$root: the $side binary failed to build it"; status=1; }
  done
  # The ledger (.shuyuan-files) records each file's time, which differs from build to build.
  if diff -r -q -x .shuyuan-files "$work/old" "$work/new" >"$work/diff"; then
    echo "same: $root ($(find "$work/new" -type f | wc -l) files)"
  else
    echo "DIFFERENT: $root ($(wc -l <"$work/diff") files)"; head -20 "$work/diff"; status=1
  fi
  rm -rf "$work/old" "$work/new"
done
exit $status
