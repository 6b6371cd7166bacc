// Graceful shutdown: SIGTERM while a request is in flight lets it finish,
// refuses new connections and new requests on connections kept alive
// (nothing they ask is written), and exits 0.
// Run alone: node --test tests/e2e/api/shutdown.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const { ADMIN, api, login, makeDb, run, startServer } = require('./helper');

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
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Reads one HTTP/1.1 response with a Content-Length from SOCK; resolves
// { status, headers, body } or null when the connection closes first.
function readResponse(sock, ms = 5000) {
  return new Promise((resolve) => {
    let buf = '';
    const done = (v) => {
      clearTimeout(timer);
      sock.off('data', onData);
      sock.off('close', onClose);
      resolve(v);
    };
    const onData = (d) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.slice(0, end);
      const len = Number((/\r\ncontent-length: *(\d+)/i.exec(head) || [])[1] || 0);
      if (buf.length < end + 4 + len) return;
      done({
        status: Number(head.slice(9, 12)),
        headers: head.toLowerCase(),
        body: buf.slice(end + 4, end + 4 + len),
      });
    };
    const onClose = () => done(null);
    const timer = setTimeout(() => done(null), ms);
    sock.on('data', onData);
    sock.on('close', onClose);
  });
}

test('after SIGTERM a new request on a kept-alive connection is refused and writes nothing', async () => {
  const { dir, db } = makeDb();
  const server = await startServer(db);
  let keep = null;
  try {
    const url = new URL(server.url);
    const session = await login(server.url, ADMIN.email, ADMIN.password);
    const tok = await api(server.url, 'POST', '/api/v1/tokens', { session, body: { name: 'stop' } });
    assert.equal(tok.status, 201);
    const auth = `Authorization: Bearer ${tok.json.token}\r\n`;
    const create = (name) => {
      const body = JSON.stringify({ name });
      return `POST /api/v1/accounts HTTP/1.1\r\nHost: fulcrum\r\n${auth}` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    };
    // A connection kept alive after one answered request.
    keep = net.connect(Number(url.port), '127.0.0.1');
    keep.on('error', () => {});
    await new Promise((res) => keep.once('connect', res));
    keep.write(create('Before Stop'));
    const first = await readResponse(keep);
    assert.equal(first && first.status, 201);
    assert.doesNotMatch(first.headers, /\r\nconnection: close/);
    // A request in flight (its body half sent) keeps the server running.
    const body = JSON.stringify(ADMIN);
    let sendRest;
    const inFlight = new Promise((resolve, reject) => {
      const req = http.request({
        host: url.hostname, port: url.port, method: 'POST', path: '/api/v1/auth/login',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      sendRest = () => req.end(body.slice(10));
    });
    inFlight.catch(() => {}); // awaited below; a failure before then is the test's
    await sleep(200);
    server.proc.kill('SIGTERM');
    await sleep(300);
    assert.equal(server.exited, null, 'still running while a request is in flight');
    // The kept-alive connection's next request is refused, not served.
    keep.write(create('After Stop'));
    const second = await readResponse(keep);
    if (second) {
      assert.equal(second.status, 503, second.body);
      assert.match(second.headers, /\r\nconnection: close/);
    }
    sendRest();
    assert.equal(await inFlight, 200, 'the request in flight is answered');
    assert.deepEqual(await server.exit, { code: 0, signal: null });
    const names = run(db, ['account', 'list']).stdout;
    assert.match(names, /Before Stop/);
    assert.doesNotMatch(names, /After Stop/, 'nothing asked after the stop was written');
  } finally {
    if (keep) keep.destroy();
    if (!server.exited) server.proc.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGINT on an idle server exits 0 at once', async () => {
  const { dir, db } = makeDb();
  const server = await startServer(db);
  const t0 = Date.now();
  server.proc.kill('SIGINT');
  const exit = await server.exit;
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.ok(Date.now() - t0 < 3000);
  fs.rmSync(dir, { recursive: true, force: true });
});
