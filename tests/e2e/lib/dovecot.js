// A real IMAP server for the incoming-mail tests: tests/mail/dovecot.sh
// starts Debian's Dovecot with a throwaway configuration and maildir in a
// temporary folder, on a free port of 127.0.0.1, with one user. Messages
// are delivered as a mail server does, into the maildir's new/; what the
// fetcher did to them is read back from the maildir's file names (a
// message marked \Seen ends in ",S"; a moved one sits in the folder's
// ".NAME" maildir). stop() ends the server.
'use strict';

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./db.js');
const { tmpDir } = require('./tmp.js');

const SCRIPT = path.join(ROOT, 'tests', 'mail', 'dovecot.sh');
const USER = 'bcc';

function startDovecot() {
  const dir = tmpDir('fulcrum-dovecot');
  const password = `imap-${crypto.randomBytes(6).toString('hex')}`;
  const out = execFileSync(SCRIPT, ['start', dir, USER, password], { encoding: 'utf8' });
  const port = Number(/PORT (\d+)/.exec(out)[1]);
  const maildir = path.join(dir, 'mail', USER);
  const folderDir = (folder) => (folder === 'INBOX' ? maildir : path.join(maildir, `.${folder}`));
  const owner = fs.statSync(maildir);
  let n = 0;
  return {
    port,
    user: USER,
    password,
    dir,
    // Delivers RAW (a string or Buffer) to FOLDER (INBOX by default).
    deliver(raw, folder = 'INBOX') {
      const base = folderDir(folder);
      const name = `${Date.now()}.P${process.pid}Q${n += 1}.fulcrum-test`;
      fs.writeFileSync(path.join(base, 'tmp', name), raw);
      fs.chownSync(path.join(base, 'tmp', name), owner.uid, owner.gid);
      fs.renameSync(path.join(base, 'tmp', name), path.join(base, 'new', name));
    },
    // Makes an empty folder (a maildir++ sub-folder).
    createFolder(folder) {
      for (const sub of ['cur', 'new', 'tmp']) {
        fs.mkdirSync(path.join(folderDir(folder), sub), { recursive: true });
        fs.chownSync(path.join(folderDir(folder), sub), owner.uid, owner.gid);
      }
      fs.chownSync(folderDir(folder), owner.uid, owner.gid);
    },
    // The messages of FOLDER: { file, seen, text }.
    messages(folder = 'INBOX') {
      const base = folderDir(folder);
      const all = [];
      for (const sub of ['new', 'cur']) {
        const d = path.join(base, sub);
        if (!fs.existsSync(d)) continue;
        for (const file of fs.readdirSync(d)) {
          const flags = /:2,([A-Za-z]*)$/.exec(file);
          all.push({ file, seen: !!flags && flags[1].includes('S'),
            text: fs.readFileSync(path.join(d, file), 'utf8') });
        }
      }
      return all;
    },
    stop() {
      execFileSync(SCRIPT, ['stop', dir]);
    },
  };
}

module.exports = { startDovecot };
