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
