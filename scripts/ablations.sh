#!/usr/bin/env bash
# The ablation tables of docs/QUALITY.md: each file in tests/ablations/ turns one ranking
# mechanism off.
# Columns: Hit@1 of the main set's direct, paraphrase and casual questions, its answerable MRR
# and wrongly declined share, its off-topic declined share, then paraphrase Hit@1 and
# near-off-topic declined on the dev and test sets (dev / test). Needs python3 for the JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=target/release/mou-bot
INDEX=$(mktemp -d)
trap 'rm -rf "$INDEX"' EXIT
"$BIN" --index "$INDEX" reindex >/dev/null

row() { # NAME [--ranking FILE]
  local name=$1; shift
  python3 - "$name" \
    "$("$BIN" --index "$INDEX" "$@" eval --json)" \
    "$("$BIN" --index "$INDEX" "$@" eval --qa tests/questions-dev.jsonl --json)" \
    "$("$BIN" --index "$INDEX" "$@" eval --qa tests/questions-test.jsonl --json)" <<'PY'
import json, sys
name, main, dev, test = sys.argv[1], *map(json.loads, sys.argv[2:])
c = main["categories"]
print(f"| {name} | {c['direct']['hit_at_1']:.3f} | {c['paraphrase']['hit_at_1']:.3f} "
      f"| {c['casual']['hit_at_1']:.3f} | {main['answerable']['mrr']:.3f} "
      f"| {main['answerable_wrongly_declined']:.3f} | {main['off_topic_declined']:.3f} "
      f"| {dev['categories']['paraphrase']['hit_at_1']:.3f} / {test['categories']['paraphrase']['hit_at_1']:.3f} "
      f"| {dev['near_off_topic_declined']:.3f} / {test['near_off_topic_declined']:.3f} |")
PY
}

echo "| turned off | direct | paraphrase | casual | MRR | answerable declined | off-topic declined | paraphrase dev / test | near-off-topic declined dev / test |"
echo "|---|---|---|---|---|---|---|---|---|"
row "nothing (defaults)"
for file in tests/ablations/*.toml; do
  row "$(basename "$file" .toml)" --ranking "$file"
done

# The reading sets (docs/QUALITY.md): per language, wrapped and purpose Hit@1 and near-off-topic
# declined, each "dev / test".
reading_row() { # NAME [--ranking FILE]
  local name=$1; shift
  local files=()
  for lang in en ru uz; do
    for part in dev test; do
      files+=("$("$BIN" --index "$INDEX" "$@" eval --qa "tests/questions-reading-$lang-$part.jsonl" --json)")
    done
  done
  python3 - "$name" "${files[@]}" <<'PY'
import json, sys
name, reports = sys.argv[1], [json.loads(r) for r in sys.argv[2:]]
cells = []
for measure in ("wrapped", "purpose", "near"):
    for lang in range(3):
        dev, test = reports[2 * lang], reports[2 * lang + 1]
        pick = (lambda r: r["near_off_topic_declined"]) if measure == "near" else (
            lambda r, m=measure: r["categories"][m]["hit_at_1"])
        cells.append(f"{pick(dev):.2f} / {pick(test):.2f}")
print(f"| {name} | " + " | ".join(cells) + " |")
PY
}

echo
echo "| turned off | wrapped en | wrapped ru | wrapped uz | purpose en | purpose ru | purpose uz | near-off-topic declined en | ru | uz |"
echo "|---|---|---|---|---|---|---|---|---|---|"
reading_row "nothing (defaults)"
for file in tests/ablations/*.toml; do
  reading_row "$(basename "$file" .toml)" --ranking "$file"
done
