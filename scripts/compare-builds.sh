#!/usr/bin/env bash
# Which questions of every question set two builds answer differently: the check before a
# change to the rules lands. Usage: scripts/compare-builds.sh BEFORE_BINARY AFTER_BINARY
# (e.g. a release build of main, and one of the change). Each build gets its own index of
# corpus/. Prints one line per question whose rank or answered/declined changed, then the
# count. Needs python3 for the JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_BINARY AFTER_BINARY" >&2; exit 2; }
python3 - "$1" "$2" <<'PY'
import glob, json, subprocess, sys, tempfile
before, after = sys.argv[1], sys.argv[2]
index = {build: tempfile.mkdtemp() for build in (before, after)}
for build in (before, after):
    subprocess.run([build, "--index", index[build], "reindex"], check=True, capture_output=True)
def judged(build, questions):
    out = subprocess.run([build, "--index", index[build], "eval", "--qa", questions, "--json"],
                         capture_output=True, text=True).stdout
    return json.loads(out)["judged"]
changed = 0
for questions in sorted(glob.glob("tests/questions*.jsonl")):
    for a, b in zip(judged(before, questions), judged(after, questions)):
        if (a["rank"], a["answered"]) != (b["rank"], b["answered"]):
            changed += 1
            print(f'{questions} {a["id"]} {a["question"]!r}: rank {a["rank"]} answered {a["answered"]}'
                  f' -> rank {b["rank"]} answered {b["answered"]} (expected {a["expected"][:1]})')
print(f"questions answered differently: {changed}")
PY
