// The documents a newcomer reads first stay true to the tree: every file or
// folder that README.md, docs/*.md, docs/internals/*.md and the READMEs
// under src/ name (a path
// under src/, tests/, docs/, sql/, web/, bench/ or scripts/, in backticks)
// exists. Placeholders (cmd-NAME.c, NNN-*.sql) are not paths and are
// passed over.
// Run alone: node --test tests/e2e/cli/docs.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TOP = /^(src|tests|docs|sql|web|bench|scripts)\//;

function documents() {
  const docs = ['README.md'];
  for (const dir of ['docs', 'docs/internals']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir))) {
      if (f.endsWith('.md')) docs.push(`${dir}/${f}`);
    }
  }
  // and the README of every folder of the source
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.name === 'README.md') docs.push(`${dir}/${e.name}`);
    }
  };
  walk('src');
  return docs;
}

// Paths in backticks: `src/core/deal.c`, `tests/e2e/api/` (a trailing
// ":LINE", "(...)" or " …" after the path is not part of it).
function namedPaths(text) {
  const out = new Set();
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    for (const word of m[1].split(/[\s,;()]+/)) {
      const p = word.replace(/:\d+$/, '').replace(/[.:]$/, '');
      if (!TOP.test(p)) continue;
      if (/[A-Z]{3,}|\*|\{|<|\.\.\./.test(p)) continue;   // a placeholder
      out.add(p);
    }
  }
  return [...out];
}

// A folder's README names its files by their bare names (`deal.c`,
// `import/`): those are found in the folder, or in src/ (`store/`).
function namedLocalFiles(text) {
  const out = new Set();
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    if (/^[\w./-]+(\.[ch]|\/)$/.test(m[1])) out.add(m[1]);
  }
  return [...out];
}

test('every file a source folder\'s README names exists', () => {
  const missing = [];
  let seen = 0;
  for (const doc of documents().filter((d) => d.startsWith('src/'))) {
    const dir = path.dirname(doc);
    for (const f of namedLocalFiles(fs.readFileSync(path.join(ROOT, doc), 'utf8'))) {
      seen++;
      if (!fs.existsSync(path.join(ROOT, dir, f)) && !fs.existsSync(path.join(ROOT, 'src', f))) missing.push(`${doc}: ${f}`);
    }
  }
  assert.ok(seen > 20, `only ${seen} files found: the scan is broken`);
  assert.deepEqual(missing, []);
});

test('every path the docs name exists', () => {
  const missing = [];
  let seen = 0;
  for (const doc of documents()) {
    for (const p of namedPaths(fs.readFileSync(path.join(ROOT, doc), 'utf8'))) {
      seen++;
      if (!fs.existsSync(path.join(ROOT, p))) missing.push(`${doc}: ${p}`);
    }
  }
  assert.ok(seen > 20, `only ${seen} paths found: the scan is broken`);
  assert.deepEqual(missing, []);
});
