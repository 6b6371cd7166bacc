#!/usr/bin/env bash
# The README's test command: builds, then runs every test. Unit tests
# (cmocka, meson test), black-box tests of the CLI, the API and the web UI
# (node --test, a real server and a real Chromium), once on SQLite and once
# on a throwaway PostgreSQL cluster; then the unit and CLI/API tests again
# under AddressSanitizer and UndefinedBehaviorSanitizer, and short fuzz runs.
# Set FULCRUM_QUICK=1 to skip the sanitizer and fuzz passes.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

passed=0
failed=0
step() {
  local name=$1; shift
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: ok"
  else
    failed=$((failed + 1)); echo "=== $name: FAILED"
  fi
}

[ -d build ] || meson setup build >/dev/null || exit 1
ninja -C build || exit 1
scripts/npm-tools.sh || exit 1

pgdir=$(mktemp -d /tmp/fulcrum-pg.XXXXXX)
pgurl=$(tests/pg-cluster.sh start "$pgdir") || { echo "cannot start PostgreSQL"; exit 1; }
testtmp=
trap 'tests/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir" ${testtmp:+"$testtmp"}' EXIT
echo "PostgreSQL for the tests: $pgurl"

# Every test makes its temporary files in a folder of this run's own; one
# left behind is a test that did not clean up, and fails the run.
testtmp=$(mktemp -d /tmp/fulcrum-tests.XXXXXX) || exit 1
# searchable by others (not listable): the mail tests' Dovecot, started as
# root, reads its users and maildir in here as its own unprivileged users
chmod 0711 "$testtmp"
export TMPDIR=$testtmp

# two test files at a time on Node 20 and later (Node 18 has no such option)
concurrency=()
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] && concurrency=(--test-concurrency=2)
e2e() {  # e2e BINARY [dirs...]
  local bin=$1; shift
  FULCRUM_BIN="$bin" node --test "${concurrency[@]}" "$@"
}
# tests/e2e/multinode needs PostgreSQL: on the SQLite pass it reports its
# tests as skipped.
e2e_dirs=(tests/e2e/cli tests/e2e/api tests/e2e/browser tests/e2e/multinode)

export FULCRUM_TEST_PG
FULCRUM_TEST_PG=$(tests/pg-cluster.sh createdb "$pgdir" unit_store)
step "unit tests (SQLite and PostgreSQL)" meson test -C build --print-errorlogs --no-suite fuzz
release_build() {  # scripts/demo.sh builds with optimisation, whose warnings differ
  [ -d build-release ] || meson setup build-release --buildtype=release >/dev/null || return 1
  ninja -C build-release | tail -n 40
}
step "the demo's release build compiles without warnings" release_build
step "black-box tests on SQLite" e2e build/fulcrum "${e2e_dirs[@]}"
e2e_pg() {  # the same tests, each on its own database of the cluster
  (export FULCRUM_TEST_PG_DIR="$pgdir"; e2e "$@")
}
step "black-box tests on PostgreSQL" e2e_pg build/fulcrum "${e2e_dirs[@]}"

if [ "${FULCRUM_QUICK:-0}" != 1 ]; then
  if [ ! -d build-asan ]; then
    meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
      -Dbuildtype=debug >/dev/null || exit 1
  fi
  ninja -C build-asan || exit 1
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  FULCRUM_TEST_PG=$(tests/pg-cluster.sh createdb "$pgdir" unit_store_asan)
  step "unit tests under ASan+UBSan" meson test -C build-asan --print-errorlogs --no-suite fuzz
  step "CLI and API tests under ASan+UBSan" e2e build-asan/fulcrum tests/e2e/cli tests/e2e/api
  fuzz_runs() {  # tests/fuzz: libFuzzer harnesses in a clang build of their own
    if [ ! -f build-fuzz/build.ninja ]; then
      CC=clang meson setup build-fuzz -Dfuzzing=true >/dev/null || return 1
    else
      meson configure build-fuzz -Dfuzzing=true || return 1
    fi
    ninja -C build-fuzz || return 1
    # a suite that matches nothing would pass silently: count first
    local n
    n=$(meson test -C build-fuzz --list --suite fuzz 2>/dev/null | grep -cE '(^|/ )fuzz-')
    [ "$n" -gt 0 ] || { echo "no fuzz harness in build-fuzz"; return 1; }
    meson test -C build-fuzz --print-errorlogs --suite fuzz
  }
  step "short fuzz runs" fuzz_runs
fi

nothing_left() {  # the tests removed every file they made
  local left
  left=$(find "$testtmp" -mindepth 1 -maxdepth 1 -printf '  %f\n')
  [ -z "$left" ] || { echo "left in the temporary folder:"; echo "$left"; return 1; }
}
step "tests left no temporary files" nothing_left

echo
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
