// Settings › Mail (admins): the organisation's SMTP server (the password
// is write-only: the form says whether one is set and offers to change or
// remove it, never shows it) and a test message through it.
// docs/mail.md, "Settings pages".
import { get, put, post } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, toast } from './ui.js';
import { state } from './state.js';

const SECURITY = [['starttls', 'STARTTLS (port 587)'], ['tls', 'TLS from the start (port 465)'], ['none', 'none (a relay on this network, port 25)']];

export async function mailAdminPage(el, current) {
  // the settings answer 404 until they are set: ask first
  const { smtp_set: set } = await get('/mail/status');
  let s = set ? await get('/mail/settings') : null;
  if (current && !current()) return;
  const pwState = h('p', { class: 'muted', id: 'mail-password-state' });
  const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'SMTP server' },
    h('h2', {}, 'SMTP server'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    h('div', { class: 'form-grid' },
      field({ name: 'host', label: 'Host', value: s?.host || '', required: true, attrs: { maxlength: 253 } }),
      field({ name: 'port', label: 'Port (empty: the security\'s usual one)', type: 'number', value: s?.port ?? '', attrs: { min: 1, max: 65535 } }),
      field({ name: 'security', label: 'Security', type: 'select', value: s?.security || 'starttls', options: SECURITY }),
      field({ name: 'username', label: 'User name', value: s?.username || '', attrs: { maxlength: 254, autocomplete: 'off' } }),
      field({ name: 'password', label: 'Password', type: 'password', value: '', attrs: { maxlength: 4096, autocomplete: 'new-password', 'aria-describedby': 'mail-password-state' } }),
      field({ name: 'remove_password', label: 'Remove the stored password', type: 'checkbox', value: false }),
      field({ name: 'from_address', label: 'From address', type: 'email', value: s?.from_address || '', required: true, attrs: { maxlength: 254 } }),
      field({ name: 'from_name', label: 'From name', value: s?.from_name || '', attrs: { maxlength: 200 } }),
      field({ name: 'base_url', label: 'Address of this web UI (for links in messages)', type: 'url', value: s?.base_url || '', wide: true, attrs: { maxlength: 500 } })),
    pwState,
    h('button', { type: 'submit', class: 'btn primary' }, 'Save'));
  const showPassword = () => {
    pwState.textContent = s?.password_set ? 'A password is set: type a new one to change it, or leave it empty to keep it.'
      : 'No password is set: type one to set it.';
    form.querySelector('[name="password"]').value = '';
    form.querySelector('[name="remove_password"]').checked = false;
    form.querySelector('[data-field="remove_password"]').hidden = !s?.password_set;
  };
  showPassword();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    const b = { host: v.host, security: v.security, username: v.username, from_address: v.from_address,
      from_name: v.from_name, base_url: v.base_url };
    if (v.port) b.port = Number(v.port);
    if (v.remove_password) b.password = '';
    else if (v.password) b.password = v.password;
    try { s = await put('/mail/settings', b); showPassword(); toast('Mail settings saved'); } catch (err) { showError(form, err); }
  });
  const test = h('form', { class: 'panel', novalidate: true, 'aria-label': 'Send a test message' },
    h('h2', {}, 'Send a test message'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'to', label: 'To', type: 'email', value: state.user?.email || '', required: true, attrs: { maxlength: 254 } }),
    h('button', { type: 'submit', class: 'btn' }, 'Send test'));
  test.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(test);
    const v = formValues(test);
    try { await post('/mail/test', { to: v.to }); toast(`Test message sent to ${v.to}`); } catch (err) { showError(test, err); }
  });
  clear(el, form, test);
}
