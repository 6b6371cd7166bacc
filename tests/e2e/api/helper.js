// Shared set-up for the API's black-box tests: a fresh database made with
// the real binary (init, user passwd) — SQLite, or PostgreSQL when
// FULCRUM_TEST_PG_DIR is set (tests/e2e/lib/db.js) — `fulcrum serve` on a
// free port, small fetch wrappers, and a checker that holds answers to the
// server's own OpenAPI document. FULCRUM_BIN names the binary (default
// build/fulcrum). Run one file alone: node --test tests/e2e/api/FILE.test.js
'use strict';

const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');

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
  const { dir, db } = freshDb('fulcrum-api');
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
    const server = { proc, url: null, stdout: '', stderr: '', exited: null };
    server.exit = new Promise((res) => proc.on('exit', (code, signal) => {
      server.exited = { code, signal };
      res(server.exited);
    }));
    proc.stderr.on('data', (d) => { server.stderr += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      server.stdout = out;
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
  let server;
  try {
    server = await startServer(db, extraArgs);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
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

// When the last answer came (see api below).
let lastAnswerAt = Date.now();

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
  // fulcrum serve cuts a kept-alive connection that sends no request for
  // --header-timeout (10 s). A test that blocked the event loop about that
  // long (a synchronous CLI run or rollup check on a loaded machine) may
  // still hold such a socket in fetch's pool, and a POST sent on it fails; a
  // pause lets the pool's keep-alive timer (1 s ticks) drop it first.
  if (Date.now() - lastAnswerAt > 5000) await new Promise((resolve) => setTimeout(resolve, 1100));
  const res = await fetch(base + p, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  lastAnswerAt = Date.now();
  let json = null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json') && text) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json };
}

// A caller of ctx.api with TOKEN that asserts each answer is 200 or 201 and
// returns its JSON, for tests whose setup requests must simply succeed.
function apiOk(ctx, token) {
  return async (method, p, body) => {
    const r = await ctx.api(method, p, { token, body });
    assert.ok([200, 201].includes(r.status), `${method} ${p}: ${r.status} ${r.text}`);
    return r.json;
  };
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

// A server for test T (closed after it), an admin's token, and CALL(method,
// path, body) with it; an account "Acme" and its contact "Bob" to hang deals on.
async function adminWithContact(t) {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const call = (method, p, body) => ctx.api(method, p, { token, body });
  const account = (await call('POST', '/api/v1/accounts', { name: 'Acme' })).json;
  const contact = (await call('POST', '/api/v1/contacts', { name: 'Bob', account_id: account.id })).json;
  return { ctx, token, call, account, contact };
}

// The server's own OpenAPI document as a checker: check(method, path, res)
// finds the operation for a real request and returns a list of problems
// (empty when the answer agrees): an undocumented path or method, a status
// the operation does not list, a body that fails the response's schema.
// `seen` collects "METHOD /pattern" of every operation checked.
async function contract(base) {
  const Ajv2020 = require('ajv/dist/2020');
  const res = await fetch(base + '/api/v1/openapi.json');
  if (res.status !== 200) throw new Error(`openapi.json: ${res.status}`);
  const doc = await res.json();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
  ajv.addSchema({ ...doc, $id: 'fulcrum-openapi' }, 'fulcrum-openapi');
  const routes = Object.keys(doc.paths).map((p) => ({
    pattern: p,
    re: new RegExp('^' + p.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+') + '$'),
    literal: (p.match(/\{/g) || []).length,
  }));
  // A literal segment beats a parameter: /users/me/... before /users/{id}.
  routes.sort((a, b) => a.literal - b.literal);
  const validators = new Map();
  const seen = new Set();
  function validator(ptr) {
    if (!validators.has(ptr)) validators.set(ptr, ajv.getSchema(`fulcrum-openapi#${ptr}`));
    return validators.get(ptr);
  }
  function operationOf(method, p) {
    const bare = p.split('?')[0];
    const m = method.toLowerCase();
    const hit = routes.find((r) => r.re.test(bare) && doc.paths[r.pattern][m]);
    return hit ? { pattern: hit.pattern, op: doc.paths[hit.pattern][m] } : null;
  }
  function check(method, p, r) {
    const found = operationOf(method, p);
    if (!found) return [`${method} ${p}: not in the document`];
    seen.add(`${method} ${found.pattern}`);
    const resp = found.op.responses[String(r.status)];
    if (!resp) return [`${method} ${found.pattern}: status ${r.status} is not documented (${r.text.slice(0, 200)})`];
    const type = (r.headers.get('content-type') || '').split(';')[0].trim();
    if (!resp.content) {
      return r.text === '' ? [] : [`${method} ${found.pattern} ${r.status}: a body where none is documented`];
    }
    const media = resp.content[type];
    if (!media) return [`${method} ${found.pattern} ${r.status}: content type '${type}' is not documented`];
    if (!type.includes('json')) return [];
    const ptr = `/paths/${found.pattern.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${r.status}/content/${type.replace(/\//g, '~1')}/schema`;
    const v = validator(ptr);
    if (!v) return [`${ptr}: no schema`];
    if (v(r.json)) return [];
    return v.errors.map((e) => `${method} ${p} ${r.status}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  return { doc, check, seen, operationOf };
}

module.exports = {
  ADMIN, BIN, ROOT, adminWithContact, api, apiOk, contract, login, makeDb, run, runOk,
  setPassword, setup, startServer, stopServer, tokenFor,
};
