#!/usr/bin/env bash
# Rebuilds the sample library in content/ from the real seed documents in
# ../shared/seeds with `shuyuan import`. Run from the project root. Hand
# edits made afterwards (topics of the compilation's parts) are in git.
set -euo pipefail
S=${SEEDS:-../shared/seeds}
cargo build --release --quiet
B=target/release/shuyuan
find content/study content/plan -name "*.md" ! -name _index.md -delete 2>/dev/null || true
$B import "$S/000_621ea8ff99c05a1b.txt" --out content/study --kind study \
  --topic 意识形态工作责任制 --topic 舆情监测 --topic 人大工作
$B import "$S/001_a2defc1486e35b24.txt" --out content/study --kind study --issuer XX委办公室 \
  --topic 意识形态工作责任制 --topic 理论学习
$B import "$S/004_7ff4c97c35eb7a5e.txt" --out content/study --kind study --issuer 市残联党组 \
  --topic 意识形态工作责任制 --topic 阵地建设
$B import "$S/003_b47777aa58127f19.txt" --out content/plan --kind plan \
  --title "2025年XX市人大办公室意识形态工作要点" --issuer "XX市人大办公室" \
  --topic 理论学习 --topic 阵地建设 --topic 人大工作
$B import "$S/002_e9c177ea97f7c828.txt" --split --out content/plan/wangluo --kind plan \
  --topic 网络意识形态

# Rules (规章制度): three laws as copied from the national database of laws
# and regulations (../shared/rules, see its README). Each is imported on its
# own and named here, since the two 保守国家秘密法 share a title.
R=${RULES:-../shared/rules}
mkdir -p content/rule
find content/rule -name "*.md" ! -name _index.md -delete 2>/dev/null || true
rule() { # rule SOURCE PAGE IMPORT-OPTIONS...
  local src=$1 page=$2 t
  shift 2
  t=$(mktemp -d)
  $B import "$R/$src" --out "$t" --kind rule "$@"
  mv "$t"/*.md "content/rule/$page"
  rmdir "$t"
}
rule bmf-2024.txt bao-shou-guo-jia-mi-mi-fa-2024.md --topic 保密工作
rule bmf-2010.txt bao-shou-guo-jia-mi-mi-fa-2010.md --topic 保密工作
rule agzyjyf-2023.txt ai-guo-zhu-yi-jiao-yu-fa.md --topic 理论学习 --topic 阵地建设
# The 2010 text was revised in 2024: until versions are recognised by
# themselves, its status is written here.
awk 'NR > 1 && /^---$/ && !done { print "status: revised"; print "superseded_by: rule/bao-shou-guo-jia-mi-mi-fa-2024.md"; done = 1 } { print }' \
  content/rule/bao-shou-guo-jia-mi-mi-fa-2010.md > content/rule/.2010.md
mv content/rule/.2010.md content/rule/bao-shou-guo-jia-mi-mi-fa-2010.md
