#!/bin/sh
# Runs one libFuzzer harness for a bounded time, as the fuzz suite does:
#   run-fuzzer.sh HARNESS SEED_DIR SCRATCH_DIR SECONDS
# The committed seeds in SEED_DIR are only read; new finds go to
# SCRATCH_DIR/corpus and a crashing input to SCRATCH_DIR/crash-* (both in the
# build directory). FULCRUM_FUZZ_SECONDS overrides SECONDS. A crash, leak,
# timeout, out-of-memory or sanitizer report exits nonzero, failing the test.
set -eu
[ $# -eq 4 ] || { echo "usage: run-fuzzer.sh HARNESS SEED_DIR SCRATCH_DIR SECONDS" >&2; exit 2; }
harness=$1 seeds=$2 scratch=$3
secs=${FULCRUM_FUZZ_SECONDS:-$4}
if [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
	echo "run-fuzzer.sh: no seeds in $seeds" >&2
	exit 1
fi
mkdir -p "$scratch/corpus"
# harnesses that need files of their own (fuzz-http's database) keep them here
FULCRUM_FUZZ_SCRATCH=$scratch
export FULCRUM_FUZZ_SCRATCH
exec "$harness" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-max_len=65536 -print_final_stats=1 \
	-artifact_prefix="$scratch/" "$scratch/corpus" "$seeds"
