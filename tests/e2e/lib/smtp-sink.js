// An SMTP sink for mail tests: tests/mail/smtp-sink.py (Debian's
// python3-aiosmtpd) on a free port of 127.0.0.1, writing each message it
// receives to a temporary folder. startSink() resolves once it listens;
// stop() ends it (the folder goes with the test's other temporary ones).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./db.js');
const { tmpDir } = require('./tmp.js');

// Debian's python, where python3-aiosmtpd is installed (a python3 earlier
// in PATH, such as a pyenv one, does not see it).
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SCRIPT = path.join(ROOT, 'tests', 'mail', 'smtp-sink.py');
const START_TIMEOUT_MS = 15000;

function startSink() {
  const dir = tmpDir('fulcrum-sink');
  const child = spawn(PYTHON, [SCRIPT, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the SMTP sink did not start: ${stderr}`));
    }, START_TIMEOUT_MS);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        port: Number(m[1]),
        dir,
        // every message received so far, oldest first: { raw, envelope }
        messages() {
          return fs.readdirSync(dir).filter((f) => f.endsWith('.eml'))
            .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
            .map((f) => ({
              raw: fs.readFileSync(path.join(dir, f), 'utf8'),
              envelope: JSON.parse(fs.readFileSync(
                path.join(dir, f.replace(/\.eml$/, '.json')), 'utf8')),
            }));
        },
        stop() {
          return new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin.end();
            child.kill('SIGTERM');
          });
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the SMTP sink exited (${code}): ${stderr}`));
    });
  });
}

// A header of RAW, unfolded, its RFC 2047 words (UTF-8, B) decoded.
function header(raw, name) {
  const head = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return undefined;
  return line.slice(name.length + 1).trim()
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
}

// The text body of RAW (base64 as Fulcrum writes it), with CRLF as "\n".
function body(raw) {
  const text = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
  return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8').replace(/\r\n/g, '\n');
}

module.exports = { startSink, header, body };
