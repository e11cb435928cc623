#!/usr/bin/env bash
# Memory and time of importing one large text file: a .txt of SIZE_MB
# (default 100) made of the sample's seed documents, imported by the
# release binary. Prints the peak memory as a multiple of the file's size.
#
#   scripts/bench-import.sh [SIZE_MB]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
size_mb=${1:-100}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
python3 - "$here/../shared/seeds" "$work/big.txt" "$size_mb" <<'PY'
import os, sys
seeds, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = "".join(open(os.path.join(seeds, f), encoding="utf-8").read() for f in sorted(os.listdir(seeds)) if f.endswith(".txt"))
data = text.encode()
with open(out, "wb") as f:
    n = 0
    while n < mb * 1024 * 1024:
        f.write(data); n += len(data)
PY
bytes=$(stat -c %s "$work/big.txt")
/usr/bin/time -f "%M %e" -o "$work/time" "$here/target/release/shuyuan" import --out "$work/out" "$work/big.txt" >/dev/null
read -r peak_kb secs <"$work/time"
echo "$bytes $peak_kb $secs" | awk '{printf "%.0f MB .txt: %s s, peak %.0f MB = %.1fx its size\n", $1/1048576, $3, $2/1024, $2*1024/$1}'
