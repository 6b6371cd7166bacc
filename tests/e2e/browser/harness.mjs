// What every browser test file shares: a real `fulcrum serve` on a fresh
// database (SQLite or PostgreSQL as tests/e2e/lib/db.js decides), Debian's
// headless Chromium driven by playwright-core, and the watch on console
// errors and failed requests: any the scenario does not expect fails the
// step that checks with clean(). A test file calls useBrowser() once at its
// top and then uses `page`, run(), apiSession(), shot(), expecting(), clean().
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const { freshDb, ROOT } = require('../lib/db.js');

export const BIN = resolve(ROOT, process.env.FULCRUM_BIN || 'build/fulcrum');
export const SHOTS = join(ROOT, 'tests/e2e/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// The demo team's logins (fulcrum demo): every user's password is demo1234.
export const admin = { email: 'admin@demo.test', password: 'demo1234' };
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export let dir; export let db; export let base; export let page;
let server; let browser; let context;
const serverLog = [];	// the server's last access log lines, for failures
const problems = [];	// unexpected console errors, failed requests, 4xx/5xx
let expected = [];	// [{method, re, status[]}] answers the current step expects
let expectedSeen = 0;	// expected 4xx answers so far
let console4xx = 0;	// Chromium's console errors about 4xx answers so far

export function run(args, { input, now } = {}) {
  const env = { ...process.env, FULCRUM_DB: '' };
  if (now) env.FULCRUM_NOW = now;
  const r = spawnSync(BIN, ['--db', db, ...args], { input, encoding: 'utf8', timeout: 300000, env });
  return { code: r.status, out: r.stdout || '', err: r.stderr || '' };
}

export function day(offset) {
  const d = new Date(Date.now() + offset * 86400000);
  return d.toISOString().slice(0, 10);
}

// A small API client for the fixtures: the session cookie and CSRF token.
export async function apiSession(email, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `login as ${email}: ${text}`);
  const body = JSON.parse(text);
  // Headers.getSetCookie() is newer than Node 18: split the joined header
  // before each "name=" (an Expires date's comma is followed by a day)
  const cookie = (res.headers.get('set-cookie') ?? '').split(/,(?=\s*[\w-]+=)/)
    .map((c) => c.split(';')[0].trim()).join('; ');
  return async (method, path, data) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': body.csrf_token, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

function startServer() {
  return new Promise((ok, fail) => {
    server = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    let listening = false;
    const timer = setTimeout(() => fail(new Error(`server did not say where it listens:\n${seen}`)), 20000);
    const look = (chunk) => {
      for (const line of chunk.split('\n')) if (line) serverLog.push(line);
      serverLog.splice(0, Math.max(0, serverLog.length - 40));
      if (listening) return;
      seen += chunk;
      const m = /listening on (http:\/\/[^\s]+)/.exec(seen);
      if (m) { listening = true; clearTimeout(timer); ok(m[1].replace(/\/$/, '')); }
    };
    server.stdout.setEncoding('utf8').on('data', look);
    server.stderr.setEncoding('utf8').on('data', look);
    server.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited (${code}):\n${seen}`)); });
  });
}

// Writes NAME.png at the current viewport: the whole page, so a person can
// look at every page after a run (tests/e2e/screenshots is not committed).
export async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// Runs FN while the listed refusals are expected (they are the point of
// the step), then checks each one happened.
export async function expecting(list, fn) {
  expected = list.map((e) => ({ ...e, seen: 0 }));
  try { await fn(); } finally {
    const missed = expected.filter((e) => !e.seen);
    expected = [];
    assert.deepEqual(missed.map((e) => `${e.method} ${e.re}`), [], 'expected refusals happened');
  }
}

// prepare() of a test file that needs only an organisation and its admin
// (admin.email, admin.password) to sign in with.
export function initAdmin() {
  const init = run(['init', '--admin-email', admin.email, '--admin-name', 'Ada Admin']);
  assert.equal(init.code, 0, `init: ${init.err}`);
  const pw = run(['user', 'passwd', admin.email], { input: `${admin.password}\n` });
  assert.equal(pw.code, 0, `passwd: ${pw.err}`);
}

// Signs EMAIL in (the admin by default) and waits for the LANDING heading,
// signing out first whoever is signed in. The shell draws either the
// sign-in form or the signed-in page with its Sign out button: wait for one
// of the two, so a page still drawing is not taken for a signed-out one.
export async function signIn(email = admin.email, password = admin.password, landing = 'Today') {
  await page.goto('/');
  await settled();
  const out = page.getByRole('button', { name: 'Sign out' });
  const form = page.getByRole('heading', { name: 'Sign in to Fulcrum' });
  await out.or(form).first().waitFor();
  if (await out.isVisible()) await out.click();
  await form.waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: landing, level: 1 }).waitFor();
  await settled();
}

// Waits until the page in <main> has drawn all it loads.
export async function settled() {
  await page.waitForFunction(() => !document.getElementById('main').hasAttribute('aria-busy'));
}

// Registers the hooks of one browser test file: a fresh database named
// after NAME, PREPARE() to fill it (with run()) before the server starts, then the
// server, FIXTURES() once it answers, and a fresh Chromium profile.
export function useBrowser(name, { prepare, fixtures } = {}) {
  before(async () => {
    assert.ok(existsSync(BIN), `no fulcrum binary at ${BIN} (set FULCRUM_BIN)`);
    ({ dir, db } = freshDb(name));
    mkdirSync(SHOTS, { recursive: true });
    if (prepare) await prepare();
    base = await startServer();
    if (fixtures) await fixtures();
    // A fresh profile directory per run: nothing carries over between runs.
    context = await chromium.launchPersistentContext(join(dir, 'chromium'), {
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: DESKTOP, baseURL: base, locale: 'en-US', timezoneId: 'UTC',
    });
    browser = context;
    page = context.pages()[0] || await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      // Chromium reports every 4xx answer as a console error; those the
      // scenario expects are accounted for by the response handler.
      if (/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) {
        console4xx++;
        return;
      }
      problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    const answered204 = new Set();
    // A new document cancels the requests the page before it still had in
    // flight (a test moving on, a reload after signing out): each request
    // remembers how many documents the tab had loaded when it started.
    let documents = 0;
    const startedIn = new WeakMap();
    page.on('request', (req) => {
      if (req.isNavigationRequest() && req.frame() === page.mainFrame()) documents++;
      else startedIn.set(req, documents);
    });
    page.on('requestfailed', (req) => {
      const aborted = req.failure()?.errorText === 'net::ERR_ABORTED';
      if (aborted && startedIn.has(req) && startedIn.get(req) < documents) return;
      // Chromium ends a fetch answered 204 No Content with ERR_ABORTED, and
      // the playwright-core that runs on Node 18 reports it as failed.
      if (aborted && answered204.delete(req)) return;
      problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
      if (res.status() === 204) answered204.add(res.request());
      if (res.status() < 400) return;
      const req = res.request();
      const e = expected.find((x) => x.method === req.method() && x.re.test(new URL(res.url()).pathname) && x.status.includes(res.status()));
      if (e) { e.seen++; expectedSeen++; }
      else problems.push(`unexpected ${res.status()}: ${req.method()} ${res.url()}`);
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server && server.exitCode === null) {
      server.removeAllListeners('exit');
      server.kill('SIGTERM');
      await new Promise((ok) => { server.once('exit', ok); setTimeout(ok, 5000); });
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}

// Checks that nothing went wrong so far, once the page has drawn what it
// loads (leaving it earlier would cancel its requests).
export async function clean(step) {
  await settled();
  if (console4xx > expectedSeen) problems.push(`${console4xx - expectedSeen} console error(s) about refused requests`);
  console4xx = 0;
  expectedSeen = 0;
  const found = problems.splice(0);
  assert.deepEqual(found, [], `no console errors or failed requests (${step}); the server's last lines:\n${serverLog.join('\n')}`);
}

