// Runs the real `fulcrum` binary for black-box tests. FULCRUM_BIN names it
// (default build/fulcrum); FULCRUM_NOW fixes the clock per call.
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ROOT } = require('./db.js');

const BIN = process.env.FULCRUM_BIN
  ? path.resolve(process.env.FULCRUM_BIN)
  : path.join(ROOT, 'build', 'fulcrum');

function fulcrum(db, args, { as, now, input, json } = {}) {
  const argv = ['--db', db];
  if (as) argv.push('--as', as);
  if (json) argv.push('--json');
  argv.push(...args);
  const env = { ...process.env, FULCRUM_DB: '' };
  if (now) env.FULCRUM_NOW = now;
  const r = spawnSync(BIN, argv, { input: input ?? '', encoding: 'utf8', env });
  if (r.error) throw r.error;
  const out = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  out.json = () => JSON.parse(r.stdout);
  return out;
}

// Like fulcrum() but throws unless the command succeeded.
function ok(db, args, opts) {
  const r = fulcrum(db, args, opts);
  if (r.code !== 0) {
    throw new Error(`fulcrum ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  }
  return r;
}

module.exports = { BIN, fulcrum, ok };
