// Temporary folders for black-box tests: each is removed when the test
// file's process exits (node --test runs every file in a process of its
// own), whether its tests passed or failed, so a run leaves nothing in
// the system's temporary folder.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const made = [];
process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function tmpDir(prefix = 'fulcrum') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}

module.exports = { tmpDir };
