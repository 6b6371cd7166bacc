// Where black-box tests keep their data: a fresh SQLite file by default, or
// a fresh PostgreSQL database when FULCRUM_TEST_PG_DIR names a throwaway
// cluster started by tests/pg-cluster.sh (tests/run-all.sh does that for
// the PostgreSQL pass). Every test gets its own database.
'use strict';

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { tmpDir } = require('./tmp.js');

const ROOT = path.resolve(__dirname, '..', '..', '..');

function freshDb(prefix = 'fulcrum') {
  const dir = tmpDir(prefix);
  const pgDir = process.env.FULCRUM_TEST_PG_DIR;
  if (!pgDir) return { dir, db: path.join(dir, 'test.db'), kind: 'sqlite' };
  const name = `t_${prefix.replace(/[^a-z0-9]/gi, '_')}_${crypto.randomBytes(5).toString('hex')}`.toLowerCase();
  const url = execFileSync(path.join(ROOT, 'tests', 'pg-cluster.sh'),
    ['createdb', pgDir, name], { encoding: 'utf8' }).trim();
  return { dir, db: url, kind: 'pg' };
}

module.exports = { freshDb, ROOT };
