// Shared set-up for the API's black-box tests: a fresh SQLite database made
// with the real binary (init, user passwd), `fulcrum serve` on a free port,
// and small fetch wrappers. FULCRUM_BIN names the binary (default
// build/fulcrum). Run one file alone: node --test tests/e2e/api/FILE.test.js
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = process.env.FULCRUM_BIN
  ? path.resolve(process.env.FULCRUM_BIN)
  : path.join(ROOT, 'build', 'fulcrum');

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

function run(db, args, input) {
  const r = spawnSync(BIN, ['--db', db, ...args], {
    input: input === undefined ? '' : input,
    encoding: 'utf8',
    env: { ...process.env, FULCRUM_DB: '' },
  });
  if (r.error) throw r.error;
  return r;
}

function runOk(db, args, input) {
  const r = run(db, args, input);
  if (r.status !== 0) {
    throw new Error(`fulcrum ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return r.stdout;
}

// A fresh database with an admin whose password is ADMIN.password.
function makeDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-api-'));
  const db = path.join(dir, 'test.db');
  runOk(db, ['init', '--admin-email', ADMIN.email, '--admin-name', 'Ada Admin']);
  setPassword(db, ADMIN.email, ADMIN.password);
  return { dir, db };
}

function setPassword(db, email, password) {
  runOk(db, ['user', 'passwd', email], password + '\n');
}

// Starts `fulcrum serve` on a free port; resolves once it printed
// "listening on URL".
function startServer(db, extraArgs = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FULCRUM_DB: '' },
    });
    let out = '';
    const server = { proc, url: null, stderr: '', exited: null };
    server.exit = new Promise((res) => proc.on('exit', (code, signal) => {
      server.exited = { code, signal };
      res(server.exited);
    }));
    proc.stderr.on('data', (d) => { server.stderr += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m && !server.url) {
        server.url = m[1];
        resolve(server);
      }
    });
    proc.on('exit', (code) => {
      if (!server.url) reject(new Error(`serve exited ${code}: ${server.stderr}`));
    });
    setTimeout(() => {
      if (!server.url) {
        proc.kill('SIGKILL');
        reject(new Error('serve did not print "listening on" within 10 s'));
      }
    }, 10000);
  });
}

async function stopServer(server) {
  if (!server || server.exited) return server && server.exited;
  server.proc.kill('SIGTERM');
  return server.exit;
}

// One running server on a fresh database, for a test file.
async function setup(extraArgs) {
  const { dir, db } = makeDb();
  const server = await startServer(db, extraArgs);
  const ctx = {
    dir, db, server, url: server.url,
    api: (method, p, opts) => api(server.url, method, p, opts),
    login: (email, password) => login(server.url, email, password),
    cli: (args, input) => run(db, args, input),
    async close() {
      const r = await stopServer(server);
      fs.rmSync(dir, { recursive: true, force: true });
      return r;
    },
  };
  return ctx;
}

// fetch wrapper. opts: body (object: sent as JSON; string/Buffer: raw),
// headers, token (bearer), session ({cookie, csrf}), csrf (false: omit).
async function api(base, method, p, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  let body;
  if (opts.body !== undefined) {
    if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body)) {
      body = opts.body;
    } else {
      body = JSON.stringify(opts.body);
    }
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
  }
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.session) {
    headers.Cookie = opts.session.cookie;
    if (opts.csrf !== false && method !== 'GET') headers['X-CSRF-Token'] = opts.session.csrf;
  }
  const res = await fetch(base + p, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json') && text) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json };
}

async function login(base, email, password) {
  const r = await api(base, 'POST', '/api/v1/auth/login', { body: { email, password } });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
  const setCookie = r.headers.get('set-cookie');
  const cookie = setCookie.split(';')[0];
  return { cookie, csrf: r.json.csrf_token, user: r.json.user, setCookie };
}

// A bearer token for EMAIL (signs in, creates a token).
async function tokenFor(ctx, email, password) {
  const s = await ctx.login(email, password);
  const r = await ctx.api('POST', '/api/v1/tokens', { session: s, body: { name: 'test' } });
  if (r.status !== 201) throw new Error(`token: ${r.status} ${r.text}`);
  return r.json.token;
}

module.exports = {
  ADMIN, BIN, ROOT, api, login, makeDb, run, runOk, setPassword, setup,
  startServer, stopServer, tokenFor,
};
