#!/usr/bin/env bash
# mou-bot and a peer, side by side in one run on the same data: the Python BM25 library bm25s
# (with PyStemmer's English stemmer and English stop words) and `mou-bot bench` (the answer
# path) and its bare engine (the floor), on the generator's corpus of N paragraphs
# (default 100,000, seed 1) and its questions, top 3, one question at a time, one thread.
# Prints each one's median and p99 and the ratios. Needs python3 with venv and pip (the peer is
# installed from PyPI into target/peer-venv on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
OUT=${OUT:-target/perf}
DIR="$OUT/c$N"
VENV=target/peer-venv

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
[ -d "$DIR/corpus" ] || target/release/examples/gen_corpus --paragraphs "$N" --seed 1 --out "$DIR/corpus"
BIN=target/release/mou-bot
"$BIN" --corpus "$DIR/corpus" --index "$DIR/index" reindex >/dev/null
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "bm25s==0.2.*" "PyStemmer==2.*" numpy
fi

# The answer path and the bare engine in one run, pass by pass in turn (`bench --against-bare`).
both=$("$BIN" --corpus "$DIR/corpus" --index "$DIR/index" bench --questions "$DIR/questions.txt" --rounds 4 --against-bare)
ours=$(printf '%s\n' "$both" | sed -n '/^answer path:/,/^latency/p')
bare=$(printf '%s\n' "$both" | sed -n '/^bare engine:/,/^latency/p')

"$VENV/bin/python" - "$DIR" "$ours" "$bare" <<'PY'
import pathlib, re, statistics, sys, time

import bm25s
import Stemmer

corpus_dir, ours, bare = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]

# The paragraphs, as mou-bot reads them: the text after the +++ header, split at blank lines.
paragraphs = []
for path in sorted((corpus_dir / "corpus").glob("*.md")):
    text = path.read_text(encoding="utf-8")
    body = text.split("+++", 2)[2] if text.startswith("+++") else text
    paragraphs += [p.strip() for p in body.split("\n\n") if p.strip()]
questions = [q for q in (corpus_dir / "questions.txt").read_text(encoding="utf-8").splitlines() if q.strip()]

stemmer = Stemmer.Stemmer("english")
started = time.perf_counter()
retriever = bm25s.BM25()
retriever.index(bm25s.tokenize(paragraphs, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
indexed = time.perf_counter() - started

def ask(question):
    tokens = bm25s.tokenize([question], stopwords="en", stemmer=stemmer, show_progress=False)
    retriever.retrieve(tokens, k=3, show_progress=False, n_threads=1)

for question in questions[:50]:  # warm-up
    ask(question)
latencies = []
for _ in range(3):
    for question in questions:
        start = time.perf_counter()
        ask(question)
        latencies.append(time.perf_counter() - start)
latencies.sort()
peer = (statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1])

def parse(report):
    """p50 and p99, in seconds, from a `mou-bot bench` report."""
    unit = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    found = {}
    for name in ("p50", "p99"):
        m = re.search(name + r"\s+([\d.]+)(ns|µs|us|ms|s)\b", report)
        found[name] = float(m.group(1)) * unit[m.group(2)]
    return found["p50"], found["p99"]

rows = [("bm25s + PyStemmer", peer), ("mou-bot bench --bare", parse(bare)), ("mou-bot bench (answer path)", parse(ours))]
print(f"{len(paragraphs):,} paragraphs, {len(questions):,} questions x 3 rounds, top 3, one thread; bm25s indexed in {indexed:.1f} s")
print(f"{'':30} {'p50':>10} {'p99':>10} {'bm25s/this p50':>15} {'p99':>6}")
for name, (p50, p99) in rows:
    print(f"{name:30} {p50 * 1e3:8.3f}ms {p99 * 1e3:8.3f}ms {peer[0] / p50:14.1f}x {peer[1] / p99:5.1f}x")
ours50, ours99 = parse(ours)
bare50, bare99 = parse(bare)
print(f"answer path / bare engine: p50 {ours50 / bare50:.2f}x, p99 {ours99 / bare99:.2f}x")
PY
