#!/usr/bin/env bash
# Reproduces the README's `serve` memory and CPU figures: the bot against the tg-e2e Bot API
# emulator (needs node and npm), throttling off, 100 users asking at once, each waiting for
# the reply before asking again. Prints the harness's memory line after 1,000 questions and
# after 100,000 (about ten minutes: the emulator answers some 400 messages a second).
set -euo pipefail
cd "$(dirname "$0")/.."
E2E=${E2E:-../shared/tools/tg-e2e/run-e2e.sh}
cargo build --release --quiet
printf '{"id":"start","send":"/start","expect_contains":["memorandum"]}\n' > target/serve-memory-case.jsonl
for n in ${LOADS:-1000 100000}; do
  echo "== $n questions from 100 users"
  "$E2E" --cases target/serve-memory-case.jsonl --load "$n" --users 100 \
    --env MOU_THROTTLE=off --env MOU_FLOOD_LIMIT=100000 --env MOU_QUESTION_LOG=off \
    --max-seconds 3600 -- target/release/mou-bot serve 2>&1 | grep -E "load [0-9]|memory|passed"
done
