// Graceful shutdown: SIGTERM while a request is in flight lets it finish,
// refuses new connections, and exits 0.
// Run alone: node --test tests/e2e/api/shutdown.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, makeDb, startServer } = require('./helper');

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

test('SIGTERM lets the request in flight finish, then exits 0', async () => {
  const { dir, db } = makeDb();
  const server = await startServer(db);
  try {
    const url = new URL(server.url);
    const body = JSON.stringify(ADMIN);
    const half = Math.floor(body.length / 2);
    const answer = new Promise((resolve, reject) => {
      const req = http.request({
        host: url.hostname, port: url.port, method: 'POST', path: '/api/v1/auth/login',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      server.sendRest = () => req.end(body.slice(half));
    });
    await sleep(200);
    server.proc.kill('SIGTERM');
    await sleep(300);
    assert.equal(server.exited, null, 'still running while a request is in flight');
    server.sendRest();
    const r = await answer;
    assert.equal(r.status, 200);
    assert.ok(JSON.parse(r.text).csrf_token);
    const exit = await server.exit;
    assert.deepEqual(exit, { code: 0, signal: null });
    await assert.rejects(fetch(server.url + '/healthz'), 'no new connections after the stop');
  } finally {
    if (!server.exited) server.proc.kill('SIGKILL');
    fs.rmSync(path.dirname(db), { recursive: true, force: true });
    void dir;
  }
});

test('SIGINT on an idle server exits 0 at once', async () => {
  const { db } = makeDb();
  const server = await startServer(db);
  const t0 = Date.now();
  server.proc.kill('SIGINT');
  const exit = await server.exit;
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.ok(Date.now() - t0 < 3000);
  fs.rmSync(path.dirname(db), { recursive: true, force: true });
});
