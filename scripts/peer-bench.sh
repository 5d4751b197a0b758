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

# Passes in turn, so that a change in the shared machine's speed during the run weighs on
# both sides alike: each pass runs `mou-bot bench --against-bare` (the answer path and the bare
# engine, round by round in turn; one warm-up round, one measured) and then one round of
# bm25s over the same questions. Each figure printed is the median of the passes'.
PASSES=${PASSES:-5}
"$VENV/bin/python" - "$DIR" "$BIN" "$PASSES" <<'PY'
import pathlib, re, statistics, subprocess, sys, time

import bm25s
import Stemmer

corpus_dir, binary, passes = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])

# The paragraphs, as mou-bot reads them: the text after the +++ header, split at blank lines.
paragraphs = []
for path in sorted((corpus_dir / "corpus").glob("*.md")):
    text = path.read_text(encoding="utf-8")
    body = text.split("+++", 2)[2] if text.startswith("+++") else text
    paragraphs += [p.strip() for p in body.split("\n\n") if p.strip()]
questions_file = corpus_dir / "questions.txt"
questions = [q for q in questions_file.read_text(encoding="utf-8").splitlines() if q.strip()]

stemmer = Stemmer.Stemmer("english")
started = time.perf_counter()
retriever = bm25s.BM25()
retriever.index(bm25s.tokenize(paragraphs, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
indexed = time.perf_counter() - started

def ask(question):
    tokens = bm25s.tokenize([question], stopwords="en", stemmer=stemmer, show_progress=False)
    retriever.retrieve(tokens, k=3, show_progress=False, n_threads=1)

def parse(report):
    """p50 and p99, in seconds, from a `mou-bot bench` report."""
    unit = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    found = {}
    for name in ("p50", "p99"):
        m = re.search(name + r"\s+([\d.]+)(ns|µs|us|ms|s)\b", report)
        found[name] = float(m.group(1)) * unit[m.group(2)]
    return found["p50"], found["p99"]

def section(report, name):
    """The figures of `name`'s latency line in `report` (what follows `latency` on the first
    such line after `name:`)."""
    return report[report.index(name + ":"):].split("latency", 1)[1].split("\n", 1)[0]

for question in questions[:50]:  # warm-up
    ask(question)
runs = {"peer": [], "bare": [], "ours": []}
for _ in range(passes):
    report = subprocess.run(
        [binary, "--corpus", str(corpus_dir / "corpus"), "--index", str(corpus_dir / "index"),
         "bench", "--questions", str(questions_file), "--rounds", "2", "--against-bare"],
        check=True, capture_output=True, text=True).stdout
    runs["ours"].append(parse(section(report, "answer path")))
    runs["bare"].append(parse(section(report, "bare engine")))
    latencies = []
    for question in questions:
        start = time.perf_counter()
        ask(question)
        latencies.append(time.perf_counter() - start)
    latencies.sort()
    runs["peer"].append((statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]))

def median(name, at):
    return statistics.median(run[at] for run in runs[name])

print(f"{len(paragraphs):,} paragraphs, {len(questions):,} questions, top 3, one thread, {passes} passes in turn "
      f"(medians of the passes'); bm25s indexed in {indexed:.1f} s")
print(f"{'':30} {'p50':>10} {'p99':>10} {'bm25s/this p50':>15} {'p99':>6}")
peer = (median("peer", 0), median("peer", 1))
for label, name in [("bm25s + PyStemmer", "peer"), ("mou-bot bench --bare", "bare"), ("mou-bot bench (answer path)", "ours")]:
    p50, p99 = median(name, 0), median(name, 1)
    print(f"{label:30} {p50 * 1e3:8.3f}ms {p99 * 1e3:8.3f}ms {peer[0] / p50:14.1f}x {peer[1] / p99:5.1f}x")
def ratio(a, b, at):
    return statistics.median(x[at] / y[at] for x, y in zip(runs[a], runs[b]))
print(f"per pass, bm25s / answer path: p50 {' '.join(f'{p[0] / o[0]:.1f}x' for p, o in zip(runs['peer'], runs['ours']))}")
print(f"answer path / bare engine (median of the passes'): p50 {ratio('ours', 'bare', 0):.2f}x, p99 {ratio('ours', 'bare', 1):.2f}x")
PY
