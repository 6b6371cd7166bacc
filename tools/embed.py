#!/usr/bin/env python3
"""Compile files into a C source as byte arrays plus a lookup table.

usage: embed.py OUT.c SYMBOL BASEDIR FILE...
Each file becomes an entry {name relative to BASEDIR, data, size}; the table
is `const struct embedded_file SYMBOL[]`, ended by a NULL name.
"""
import os
import sys

def main():
    out, symbol, base, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    lines = ['#include "util/embedded.h"', '']
    entries = []
    for i, path in enumerate(sorted(files)):
        with open(path, 'rb') as f:
            data = f.read()
        name = os.path.relpath(path, base).replace(os.sep, '/')
        body = ','.join(str(b) for b in data)
        lines.append('static const unsigned char %s_%d[] = {%s%s0};' %
                     (symbol, i, body, ',' if body else ''))
        entries.append('\t{"%s", %s_%d, %d},' % (name, symbol, i, len(data)))
    lines.append('const struct embedded_file %s[] = {' % symbol)
    lines.extend(entries)
    lines.append('\t{0, 0, 0},')
    lines.append('};')
    with open(out, 'w') as f:
        f.write('\n'.join(lines) + '\n')

main()
