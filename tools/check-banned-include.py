#!/usr/bin/env python3
"""Every C file of src/ includes util/banned.h, after all its other
includes (a banned function's macro would otherwise break the system
headers that declare it, or miss the files included after it). Prints each
file that does not and exits 1; run by `meson test` as lint-banned."""
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
bad = []
files = sorted(root.rglob('*.c'))
for path in files:
    includes = [line for line in path.read_text(encoding='utf-8').splitlines()
                if line.startswith('#include')]
    if not includes or includes[-1] != '#include "util/banned.h"':
        bad.append(str(path.relative_to(root.parent)))
for name in bad:
    print(f'{name}: util/banned.h is not its last include')
if len(files) < 50:
    print(f'only {len(files)} C files under {root}: the scan is broken')
    sys.exit(1)
sys.exit(1 if bad else 0)
