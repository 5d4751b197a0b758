#!/usr/bin/env bash
# Reproduces docs/PERFORMANCE.md's `serve` memory and CPU figures: the bot against the tg-e2e Bot API
# emulator (needs node and npm), throttling off. LOADS lists the runs (default "1000 100000"):
# a number N is N questions from 100 users, each waiting for the reply before asking again
# (100,000 take about fifteen minutes: the emulator slows as its history grows); "burst" is
# 10,000 questions from 1,000 users sent all at once. Prints the harness's memory line of each.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E=${E2E:-../shared/tools/tg-e2e/run-e2e.sh}
cargo build --release --quiet
printf '{"id":"start","send":"/start","expect_contains":["memorandum"]}\n' > target/serve-memory-case.jsonl
for load in ${LOADS:-1000 100000}; do
  if [ "$load" = burst ]; then
    echo "== a burst of 10000 questions from 1000 users"
    args=(--load 10000 --users 1000 --burst)
  else
    echo "== $load questions from 100 users"
    args=(--load "$load" --users 100)
  fi
  "$E2E" --cases target/serve-memory-case.jsonl "${args[@]}" \
    --env MOU_THROTTLE=off --env MOU_FLOOD_LIMIT=100000 --env MOU_QUESTION_LOG=off \
    --max-seconds 3600 -- target/release/mou-bot serve 2>&1 | grep -E "load [0-9]|memory|passed"
done
