#!/bin/sh
# Builds the libFuzzer harnesses of the pure parsers with clang (ASan and
# UBSan on) and runs each for SECONDS (default 20) over seed corpora given
# as directories (read in place, never copied; new finds go to a scratch
# corpus under the build directory).
#   tests/fuzz/run.sh [-t SECONDS] [-o BUILDDIR] [csv|vcard|value]... -- SEED_DIR...
# With no harness named, all three run. Example:
#   tests/fuzz/run.sh -t 60 -- ../shared/data/csv-torture ../shared/data/vcard
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=20
out="$root/build-fuzz"
harnesses=""
while [ $# -gt 0 ]; do
	case "$1" in
	-t) secs=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	--) shift; break ;;
	csv|vcard|value) harnesses="$harnesses $1"; shift ;;
	*) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
[ -n "$harnesses" ] || harnesses="csv vcard value"
mkdir -p "$out"

CC=${CC:-clang}
flags="-std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -I$root/src $(pkg-config --cflags libical)"
util="$root/src/util/buf.c $root/src/util/xmalloc.c $root/src/util/error.c
      $root/src/util/date.c"

for h in $harnesses; do
	case "$h" in
	csv) src="$root/src/io/csv-reader.c $root/src/io/text.c"; libs="-lcsv" ;;
	vcard) src="$root/src/io/vcard.c $root/src/io/text.c"; libs="" ;;
	value) src="$root/src/io/value-parse.c"; libs="" ;;
	esac
	# shellcheck disable=SC2086
	$CC $flags -o "$out/fuzz-$h" "$here/fuzz-$h.c" $src $util $libs
	mkdir -p "$out/corpus-$h"
	echo "fuzz-$h: $secs s"
	# shellcheck disable=SC2086
	"$out/fuzz-$h" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-artifact_prefix="$out/crash-$h-" -print_final_stats=1 \
		"$out/corpus-$h" "$@"
done
