#!/usr/bin/env bash
# Installs what building, running and testing Fulcrum needs on Debian 12 or
# Ubuntu, through apt: only the packages that are missing. Idempotent.
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build python3
  libsqlite3-dev sqlite3 libpq-dev libmicrohttpd-dev libjansson-dev
  libsodium-dev libcsv-dev libical-dev libcmocka-dev libcurl4-openssl-dev
  libgmime-3.0-dev libssl-dev
  python3-aiosmtpd
  dovecot-imapd
  postgresql chromium nodejs npm clang poppler-utils
)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# An install that was cut short (a killed apt-get) is finished first, so
# that no package counts as installed before its set-up has run.
if [ -n "$(dpkg --audit 2>/dev/null)" ]; then
  echo "finishing an interrupted install"
  $sudo dpkg --configure -a
fi

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
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# The mail tests start their own Dovecot (tests/mail/dovecot.sh); the
# system's service, which the package may have started, is not needed.
if command -v systemctl >/dev/null && systemctl is-active --quiet dovecot 2>/dev/null; then
  $sudo systemctl stop dovecot || true
  $sudo systemctl disable dovecot >/dev/null 2>&1 || true
elif [ -f /run/dovecot/master.pid ]; then
  $sudo /usr/sbin/dovecot stop 2>/dev/null || true
fi

# The fuzz harnesses (tests/fuzz) link clang's libFuzzer runtime. It comes
# in libclang-rt-N-dev (Debian 12, newer Ubuntu) or, on older Ubuntu, in
# libclang-common-N-dev, N being clang's major version.
fuzzer_links() {
  echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
    clang -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null
}
if ! fuzzer_links; then
  major=$(clang --version | sed -n 's/.*clang version \([0-9][0-9]*\).*/\1/p' | head -n 1)
  $sudo apt-get update -qq
  runtime="libclang-rt-$major-dev"
  apt-cache show "$runtime" >/dev/null 2>&1 || runtime="libclang-common-$major-dev"
  echo "installing: $runtime"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "$runtime" >/dev/null
  fuzzer_links || { echo "clang -fsanitize=fuzzer still does not link" >&2; exit 1; }
fi

# the browser tests drive Debian's chromium through playwright-core
"$(dirname "$0")/npm-tools.sh"
