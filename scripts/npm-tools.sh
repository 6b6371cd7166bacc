#!/usr/bin/env bash
# Installs the npm tools of the black-box tests (playwright-core, ical.js,
# ajv, @redocly/cli; versions pinned in package-lock.json to ones that run
# on Debian 12's Node 18 and npm 9) when node_modules is missing or was
# installed from another package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.fulcrum-package-lock.json
if ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
