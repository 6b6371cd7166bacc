// The server against clients that hold or abuse connections, over raw
// sockets on loopback (127.0.0.2 and up stand for other hosts): slow
// clients trickling headers or bodies are cut after --header-timeout /
// --body-timeout and cannot take the connections that clients sending
// whole requests need; --max-per-address limits one address, but not a
// trusted proxy, whose forwarded clients are limited one by one instead;
// refusals are logged at most once a second; ambiguous framing and a NUL
// byte in a header name are refused with 400; the limits are checked before
// the server starts. Every loop here is bounded and every wait has a
// deadline.
// Run alone: node --test tests/e2e/api/hardening.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { BIN, makeDb, setup } = require('./helper');

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// Opens a connection from LOCAL (a loopback address) and sends SEND. Resolves
// with what came back once the server closed the connection or WAIT ms
// passed (then closed: false).
function exchange(port, local, send, wait = 4000) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: local });
    let data = '';
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ data, closed });
    };
    const timer = setTimeout(() => finish(false), wait);
    s.on('connect', () => s.write(send));
    s.on('data', (d) => { data += d.toString('latin1'); });
    s.on('error', () => finish(true));
    s.on('close', () => finish(true));
  });
}

// A connection that sent HEAD (a request's first lines) and stays open; its
// `gone` promise resolves when the server closes it.
function hold(port, local, head) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: local });
    s.data = '';
    s.gone = new Promise((res) => s.on('close', res));
    s.on('data', (d) => { s.data += d.toString('latin1'); });
    s.on('error', () => {});
    s.once('connect', () => { s.write(head); resolve(s); });
    setTimeout(() => reject(new Error(`no connection from ${local}`)), 3000);
  });
}

// Resolves true when P settles within MS, false otherwise.
const within = (p, ms) => Promise.race([p.then(() => true), sleep(ms).then(() => false)]);

// The server's log, once it holds a line matching RE (or after 5 s): the
// log and the socket are two pipes, either may be read first.
async function logWith(ctx, re) {
  for (let i = 0; i < 50 && !re.test(ctx.server.stderr); i++) await sleep(100);
  return ctx.server.stderr;
}

const GET = (p, extra = '') => `GET ${p} HTTP/1.1\r\nHost: fulcrum\r\n${extra}Connection: close\r\n\r\n`;
const statusOf = (data) => Number((/^HTTP\/1\.1 (\d{3})/.exec(data) || [])[1] || 0);
const portOf = (ctx) => Number(new URL(ctx.url).port);

test('tricklers cannot lock out clients that send whole requests', async (t) => {
  const ctx = await setup(['--max-connections', '16', '--header-timeout', '2']);
  const socks = [];
  let timer = null;
  t.after(async () => {
    clearInterval(timer);
    for (const s of socks) s.destroy();
    await ctx.close();
  });
  const port = portOf(ctx);
  // As many tricklers as there are connections, from four other hosts.
  for (let i = 0; i < 16; i++) {
    socks.push(await hold(port, `127.0.0.${2 + (i % 4)}`, 'GET /healthz HTTP/1.1\r\nHost: fulcrum\r\n'));
  }
  let n = 0;
  timer = setInterval(() => {
    n++;
    for (const s of socks) if (!s.destroyed) s.write(`X-Trickle-${n}: ${'a'.repeat(8)}\r\n`);
  }, 300);
  await sleep(300);

  // Clients sending whole requests are still answered.
  for (let i = 0; i < 3; i++) {
    const r = await exchange(port, '127.0.0.1', GET('/healthz'));
    assert.equal(statusOf(r.data), 200, `request ${i}: ${JSON.stringify(r.data.slice(0, 80))}`);
  }
  // Every trickler is closed by the header deadline, though it kept sending,
  // and none of them was answered as if its request were whole.
  const all = await within(Promise.all(socks.map((s) => s.gone)), 10000);
  assert.ok(all, 'every trickling connection was closed');
  for (const s of socks) assert.equal(statusOf(s.data), 0, s.data.slice(0, 80));
  const headersLate = /request's headers took longer than 2s \(--header-timeout\)/;
  assert.match(await logWith(ctx, headersLate), headersLate);
});

test('a body trickled slower than --body-timeout is cut and not handled', async (t) => {
  const ctx = await setup(['--body-timeout', '2']);
  let timer = null;
  let sock = null;
  t.after(async () => {
    clearInterval(timer);
    if (sock) sock.destroy();
    await ctx.close();
  });
  const body = JSON.stringify({ email: 'admin@example.com', password: 'x'.repeat(200) });
  sock = await hold(portOf(ctx), '127.0.0.2', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: fulcrum\r\n' +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
  let sent = 0;
  timer = setInterval(() => {
    if (sent < body.length - 1 && !sock.destroyed) sock.write(body[sent++]);
  }, 200);
  assert.ok(await within(sock.gone, 10000), 'the connection was closed');
  assert.equal(statusOf(sock.data), 0, 'the request was never handled');
  const bodyLate = /request's body took longer than 2s \(--body-timeout\)/;
  assert.match(await logWith(ctx, bodyLate), bodyLate);
  assert.doesNotMatch(ctx.server.stderr, /POST \/api\/v1\/auth\/login/, 'no access log line: not handled');
});

test('--max-per-address refuses more connections from one address, not from others', async (t) => {
  const ctx = await setup(['--max-per-address', '3', '--header-timeout', '60']);
  const held = [];
  t.after(async () => {
    for (const s of held) s.destroy();
    await ctx.close();
  });
  const port = portOf(ctx);
  for (let i = 0; i < 3; i++) held.push(await hold(port, '127.0.0.2', 'GET /healthz HTTP/1.1\r\n'));
  const refused = await exchange(port, '127.0.0.2', GET('/healthz'));
  assert.equal(refused.closed, true);
  assert.equal(statusOf(refused.data), 0, 'the fourth connection is closed unanswered');
  const other = await exchange(port, '127.0.0.3', GET('/healthz'));
  assert.equal(statusOf(other.data), 200);
  const refusal = /refused a connection from 127\.0\.0\.2: it has 3 open \(--max-per-address\)/;
  assert.match(await logWith(ctx, refusal), refusal);
});

test('a trusted proxy is not limited per address; the clients it forwards are', async (t) => {
  const ctx = await setup(['--max-per-address', '2', '--trusted-proxy', '127.0.0.2',
    '--header-timeout', '60', '--body-timeout', '60']);
  const held = [];
  t.after(async () => {
    for (const s of held) s.destroy();
    await ctx.close();
  });
  const port = portOf(ctx);
  const login = (client) => 'POST /api/v1/auth/login HTTP/1.1\r\nHost: fulcrum\r\n' +
    `X-Forwarded-For: ${client}\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"email":`;
  // Four idle connections from the proxy and two requests in progress stay
  // open, past --max-per-address: the proxy is not limited per address.
  for (let i = 1; i <= 4; i++) held.push(await hold(port, '127.0.0.2', 'GET /healthz HTTP/1.1\r\n'));
  // Two requests of one client in progress (their bodies still coming)...
  for (let i = 0; i < 2; i++) held.push(await hold(port, '127.0.0.2', login('198.51.100.9')));
  await sleep(200);
  // ... so a third of that client's is refused, another client's is not.
  const third = await exchange(port, '127.0.0.2', GET('/healthz', 'X-Forwarded-For: 198.51.100.9\r\n'));
  assert.equal(statusOf(third.data), 429, third.data.slice(0, 80));
  assert.match(third.data, /\r\nRetry-After: 1\r\n/i);
  const other = await exchange(port, '127.0.0.2', GET('/healthz', 'X-Forwarded-For: 198.51.100.10\r\n'));
  assert.equal(statusOf(other.data), 200, other.data.slice(0, 80));
  for (const s of held) assert.equal(s.destroyed, false, 'the proxy\'s connections stay open');
  // An address that is not a trusted proxy still has the limit.
  held.push(await hold(port, '127.0.0.3', 'GET /healthz HTTP/1.1\r\n'));
  held.push(await hold(port, '127.0.0.3', 'GET /healthz HTTP/1.1\r\n'));
  const over = await exchange(port, '127.0.0.3', GET('/healthz'));
  assert.equal(statusOf(over.data), 0);
});

test('refused connections are logged at most once a second, with a count of the rest', async (t) => {
  const ctx = await setup(['--max-per-address', '1', '--header-timeout', '60']);
  let held = null;
  t.after(async () => {
    if (held) held.destroy();
    await ctx.close();
  });
  const port = portOf(ctx);
  held = await hold(port, '127.0.0.2', 'GET /healthz HTTP/1.1\r\n');
  const N = 40;
  const t0 = Date.now();
  for (let i = 0; i < N; i++) {
    const r = await exchange(port, '127.0.0.2', GET('/healthz'));
    assert.equal(statusOf(r.data), 0, `attempt ${i} was refused`);
  }
  const seconds = (Date.now() - t0) / 1000;
  // The count of left-out lines follows a quiet second: wait for it (5 s at
  // most).
  const count = () => {
    const lines = ctx.server.stderr.split('\n');
    const refusals = lines.filter((l) => /refused a connection from 127\.0\.0\.2/.test(l));
    let leftOut = 0;
    for (const l of lines) {
      const m = /(\d+) more refusals not logged/.exec(l);
      if (m) leftOut += Number(m[1]);
    }
    return { refusals, leftOut };
  };
  for (let i = 0; i < 50 && count().refusals.length + count().leftOut < N; i++) await sleep(100);
  const { refusals, leftOut } = count();
  assert.ok(refusals.length >= 1);
  assert.ok(refusals.length <= Math.ceil(seconds) + 1,
    `${refusals.length} refusal lines in ${seconds.toFixed(1)} s`);
  assert.equal(refusals.length + leftOut, N, 'every refusal is either logged or counted');
});

test('ambiguous framing and a NUL byte in a header name are refused with 400', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const port = portOf(ctx);
  // Each would be answered 200 if its framing were taken one way; the
  // request smuggled behind it must not be answered at all.
  const smuggled = 'GET /healthz?smuggled=1 HTTP/1.1\r\nHost: fulcrum\r\n\r\n';
  const get = 'GET /healthz HTTP/1.1\r\nHost: fulcrum\r\n';
  const cases = {
    'two Content-Lengths': `${get}Content-Length: 2\r\nContent-Length: ${2 + smuggled.length}\r\n\r\n{}${smuggled}`,
    'two equal Content-Lengths': `${get}Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}${smuggled}`,
    'Content-Length and Transfer-Encoding': `${get}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
    'a NUL byte in a header name': `${get}X-No\0te: ab\r\n\r\n${smuggled}`,
  };
  for (const [what, raw] of Object.entries(cases)) {
    const r = await exchange(port, '127.0.0.1', raw);
    assert.equal(statusOf(r.data), 400, `${what}: ${JSON.stringify(r.data.slice(0, 120))}`);
    assert.equal(r.closed, true, `${what}: the connection is closed`);
    assert.equal((r.data.match(/HTTP\/1\.1 /g) || []).length, 1, `${what}: one answer only`);
  }
  // A well-framed request on the same server is fine.
  const ok = await exchange(port, '127.0.0.1', GET('/healthz'));
  assert.equal(statusOf(ok.data), 200);
});

test('the limits are checked before the server starts', () => {
  const { dir, db } = makeDb();
  try {
    for (const [opt, value] of [['--max-connections', '1'], ['--max-per-address', '0'],
      ['--header-timeout', '0'], ['--body-timeout', '3601'], ['--metrics-listen', 'nowhere']]) {
      const r = spawnSync(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', opt, value],
        { encoding: 'utf8', timeout: 10000, env: { ...process.env, FULCRUM_DB: '' } });
      assert.equal(r.status, 2, `${opt} ${value}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(opt));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
