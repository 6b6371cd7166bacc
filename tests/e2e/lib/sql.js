// Plain SQL against a test database, for tests that recompute what Fulcrum
// reports: the `sqlite3` shell for a file, `psql` for a PostgreSQL URL.
// Rows come back as arrays of strings (NULL as '').
'use strict';

const { spawnSync } = require('node:child_process');

function sqlRows(db, query) {
  const pg = /^postgres(ql)?:\/\//.test(db);
  const r = pg
    ? spawnSync('psql', ['-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1',
      '-d', db, '-c', query], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-batch', '-separator', '\t', db, query],
      { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${pg ? 'psql' : 'sqlite3'} failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

module.exports = { sqlRows };
