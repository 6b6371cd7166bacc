#!/usr/bin/env bash
# Installs what building, running and testing Fulcrum needs on Debian 12 or
# Ubuntu, through apt: only the packages that are missing. Idempotent.
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build python3
  libsqlite3-dev sqlite3 libpq-dev libmicrohttpd-dev libjansson-dev
  libsodium-dev libcsv-dev libical-dev libcmocka-dev
  postgresql chromium nodejs npm clang
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
# node may come from elsewhere than Debian (a newer nodejs package with npm)
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# the browser tests drive Debian's chromium through playwright-core
"$(dirname "$0")/npm-tools.sh"
