// Settings › Mailbox (admins): the organisation's BCC mailbox, the IMAP
// server Fulcrum reads incoming mail from (docs/mail.md, "The BCC
// mailbox"). The form shows the settings (never the password: only
// whether one is stored), changes the fields given, and leaves the
// password as it is when its box is left empty; errors name the field.
import { get, put } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, toast } from './ui.js';

const SECURITY = [['tls', 'TLS (IMAPS)'], ['starttls', 'STARTTLS'], ['none', 'None (same host only)']];
const AFTER = [['seen', 'Mark it read'], ['move', 'Move it to another folder']];

// the mailbox answers 404 until it is set: ask first
async function current() {
  const { mailbox_set: set } = await get('/mail/status');
  return set ? get('/mail/mailbox') : null;
}

export async function mailboxPage(el, stillHere) {
  const m = await current();
  if (stillHere && !stillHere()) return;
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const passwordHint = () => (m && m.password_set
    ? 'A password is stored; leave this empty to keep it.'
    : 'No password is stored.');
  const form = h('form', { class: 'panel mailbox-form', novalidate: true, 'aria-label': 'BCC mailbox' },
    h('h2', {}, 'BCC mailbox (IMAP)'),
    h('p', { class: 'muted' }, 'Mail sent or forwarded to this mailbox is logged on the right deal, each message once. '
      + 'The server reads it every minute (or run fulcrum mail fetch from cron).'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'host', label: 'IMAP server', required: true, value: m?.host, attrs: { maxlength: 253 } }),
    field({ name: 'security', label: 'Security', type: 'select', value: m?.security || 'tls', options: SECURITY }),
    field({ name: 'port', label: 'Port (993 for TLS, else 143, when empty)', value: m?.port, attrs: { inputmode: 'numeric', maxlength: 5 } }),
    field({ name: 'username', label: 'User name', required: true, value: m?.username, attrs: { maxlength: 254, autocomplete: 'off' } }),
    field({ name: 'password', label: 'Password', type: 'password', hint: passwordHint(), attrs: { maxlength: 1024, autocomplete: 'new-password' } }),
    field({ name: 'folder', label: 'Folder', value: m?.folder || 'INBOX', attrs: { maxlength: 200 } }),
    field({ name: 'after_logged', label: 'Once a message is logged', type: 'select', value: m?.after_logged || 'seen', options: AFTER }),
    field({ name: 'move_to', label: 'Folder to move logged messages to', value: m?.move_to, attrs: { maxlength: 200 } }),
    h('button', { type: 'submit', class: 'btn primary' }, 'Save mailbox'), status);
  const moveTo = form.querySelector('[data-field="move_to"]');
  const after = form.querySelector('select[name="after_logged"]');
  const showMove = () => { moveTo.hidden = after.value !== 'move'; };
  after.addEventListener('change', showMove);
  showMove();
  status.textContent = m ? `Password ${m.password_set ? 'stored (never shown)' : 'not set'}.` : 'No mailbox is set yet.';
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    const body = {
      host: v.host, security: v.security, username: v.username, folder: v.folder,
      after_logged: v.after_logged, move_to: v.after_logged === 'move' ? v.move_to : '',
    };
    if (v.port) body.port = /^\d+$/.test(v.port) ? Number(v.port) : v.port;
    const password = form.querySelector('input[name="password"]').value; // not trimmed
    if (password) body.password = password;
    try {
      const saved = await put('/mail/mailbox', body);
      toast('Mailbox saved');
      await mailboxPage(el, stillHere);
      return saved;
    } catch (err) { showError(form, err); }
    return null;
  });
  clear(el, form);
}
