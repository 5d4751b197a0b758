#!/usr/bin/env bash
# Fuzzes the answer path for a bounded time (default 60 s): scripts/fuzz.sh [SECONDS]
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz uses nightly compiler flags;
# RUSTC_BOOTSTRAP lets the stable toolchain accept them. New findings land in
# fuzz/artifacts/; the committed seeds are in fuzz/seeds/answer_path/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-60}
mkdir -p corpus/answer_path
cp -n seeds/answer_path/* corpus/answer_path/ 2>/dev/null || true
RUSTC_BOOTSTRAP=1 cargo fuzz run answer_path corpus/answer_path -- -max_total_time="$seconds"
