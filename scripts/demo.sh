#!/usr/bin/env bash
# The README's first command: install what is missing, build, create a demo
# database (demo.db) and serve it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
db=${FULCRUM_DB:-demo.db}
if [ ! -e "$db" ]; then
  build/fulcrum --db "$db" demo --seed 1
fi
echo
echo "Fulcrum is starting on http://127.0.0.1:${PORT:-8080}"
echo "sign in as admin@demo.test, manager@demo.test or rep1@demo.test; password demo1234"
echo "(from the command line: build/fulcrum --db $db --as rep1@demo.test agenda)"
exec build/fulcrum --db "$db" serve --listen "127.0.0.1:${PORT:-8080}"
