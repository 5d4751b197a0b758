#!/usr/bin/env bash
# Reproduces docs/PERFORMANCE.md's figures on this machine. Takes a few minutes and about
# 2 GB of disk under $OUT (default target/perf). Medians vary with the machine's load: run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/perf}
mkdir -p "$OUT"
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
BIN=target/release/mou-bot

echo "== shipped corpus"
"$BIN" --index "$OUT/shipped-index" reindex
"$BIN" --index "$OUT/shipped-index" bench --questions tests/questions.jsonl --rounds 30 --slowest 5
"$BIN" --index "$OUT/shipped-index" bench --questions tests/questions.jsonl --rounds 30 --bare

for n in 100000 1000000; do
  dir="$OUT/c$n"
  echo "== $n paragraphs"
  [ -d "$dir/corpus" ] || target/release/examples/gen_corpus --paragraphs "$n" --seed 1 --out "$dir/corpus"
  rm -rf "$dir/index"
  /usr/bin/time -f "reindex: %e s wall, peak RSS %M KiB" \
    "$BIN" --corpus "$dir/corpus" --index "$dir/index" reindex
  "$BIN" --corpus "$dir/corpus" --index "$dir/index" bench --questions "$dir/questions.txt" --rounds 3
  "$BIN" --corpus "$dir/corpus" --index "$dir/index" bench --questions "$dir/questions.txt" --rounds 3 --bare
done

echo "== start-up to the first answer (ask), median of 20"
for index in "$OUT/shipped-index" "$OUT/c1000000/index"; do
  corpus=corpus; [ "$index" = "$OUT/shipped-index" ] || corpus="$OUT/c1000000/corpus"
  python3 - "$BIN" "$corpus" "$index" <<'PY'
import statistics, subprocess, sys, time
binary, corpus, index = sys.argv[1:]
runs = []
for _ in range(20):
    start = time.perf_counter()
    subprocess.run([binary, "--corpus", corpus, "--index", index, "ask", "who signed"], capture_output=True, check=True)
    runs.append((time.perf_counter() - start) * 1000)
print(f"{index}: median {statistics.median(runs):.1f} ms")
PY
done
