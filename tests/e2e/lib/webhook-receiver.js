// A webhook receiver for the black-box tests: a node HTTP server on a free
// port that keeps every post it gets (headers, body, arrival time) and
// answers as the test says (RECEIVER.answer(req) returns a status, or a
// promise of one, or 'hold' to keep the request unanswered until close()),
// and checks Fulcrum's signature against the subscription's secret.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');

// Whether HEADER ("t=...,v1=...") signs BODY with SECRET.
function signatureValid(header, body, secret) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header || '');
  if (!m) return false;
  const want = crypto.createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return crypto.timingSafeEqual(want, Buffer.from(m[2], 'hex'));
}

async function startReceiver() {
  const r = {
    posts: [],
    held: [],
    answer: () => 200,
    url: null,
    // resolves once PRED(posts) holds, or rejects after MS (liveness only)
    async until(pred, ms = 20000, what = 'the expected posts') {
      const end = Date.now() + ms;
      while (!pred(r.posts)) {
        if (Date.now() > end) {
          throw new Error(`receiver: no ${what} within ${ms} ms (got ${r.posts.length}: ${
            r.posts.map((p) => `${p.json && p.json.event}#${p.headers['fulcrum-event-id']}`).join(' ')})`);
        }
        await new Promise((res) => setTimeout(res, 25));
      }
    },
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json = null;
      try { json = JSON.parse(body); } catch { json = null; }
      const post = { at: Date.now(), headers: req.headers, body, json, path: req.url };
      r.posts.push(post);
      const status = await r.answer(post);
      if (status === 'hold') {
        r.held.push(res);
        return;
      }
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  r.url = `http://127.0.0.1:${server.address().port}/hook`;
  r.close = () => new Promise((res) => {
    for (const h of r.held) h.destroy();
    server.closeAllConnections();
    server.close(() => res());
  });
  return r;
}

module.exports = { signatureValid, startReceiver };
