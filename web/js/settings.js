// Settings: the process editor (steps with phase, goal, guidance, exit
// criteria, probability and stall days), offerings (offerings.js), custom
// fields (fields-admin.js), lead forms (forms-admin.js, admins), users (admins), currencies (the
// base currency and exchange rates; admins change them), API tokens (the
// secret is shown once), webhooks (admins; webhooks-admin.js), mail: the SMTP server (admins; mail-admin.js),
// the BCC mailbox (admins; mailbox-admin.js), the templates (mail-templates.js) and the user's own digest
// (mail-preferences.js), the personal calendar feed link and the user's own password.
import { get, post, put, patch, del, items, qs } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, fmtTime, toast, humanize, stackTable, dialog } from './ui.js';
import { state, processes, forget } from './state.js';
import { passwordForm } from './password.js';
import { offeringsPage } from './offerings.js';
import { fieldsPage } from './fields-admin.js';
import { webhooksPage } from './webhooks-admin.js';
import { mailboxPage } from './mailbox-admin.js';
import { formsPage } from './forms-admin.js';
import { mailAdminPage } from './mail-admin.js';
import { mailTemplatesPage } from './mail-templates.js';
import { mailPreferencesPage } from './mail-preferences.js';

const PHASES = ['engage', 'comfort', 'discover', 'present', 'agree', 'follow_up'];
// The calendar feed's secret is rotated here; the answer names the token
// (and, when the server knows its public address, the whole URL).
const CALENDAR_ROTATE = '/users/me/calendar-token';

const TABS = [['process', 'Process'], ['offerings', 'Offerings'], ['fields', 'Custom fields'], ['forms', 'Lead forms'], ['users', 'Users'], ['currencies', 'Currencies'], ['tokens', 'API tokens'], ['webhooks', 'Webhooks'], ['mail', 'Mail'], ['mailbox', 'Mailbox'], ['mail-templates', 'Mail templates'], ['my-mail', 'My digest'], ['calendar', 'Calendar'], ['password', 'My password']];
const ADMIN_TABS = ['users', 'webhooks', 'forms', 'mail', 'mailbox'];

export async function renderSettings(el, tab, q, current) {
  document.title = 'Settings · Fulcrum';
  const shown = TABS.filter(([k]) => !ADMIN_TABS.includes(k) || state.isAdmin());
  const active = shown.some(([k]) => k === tab) ? tab : 'process';
  const body = h('div', {});
  clear(el, h('h1', {}, 'Settings'),
    h('nav', { class: 'tabs', 'aria-label': 'Settings' }, shown.map(([k, l]) =>
      h('a', { href: `/settings/${k}`, 'data-link': true, 'aria-current': k === active ? 'page' : undefined }, l))),
    body);
  if (active === 'process') await processEditor(body, q, current);
  else if (active === 'offerings') await offeringsPage(body, current);
  else if (active === 'fields') await fieldsPage(body, current);
  else if (active === 'forms') await formsPage(body, current);
  else if (active === 'users') await usersPage(body, current);
  else if (active === 'currencies') await currenciesPage(body, current);
  else if (active === 'tokens') await tokensPage(body, current);
  else if (active === 'webhooks') await webhooksPage(body, current);
  else if (active === 'mailbox') await mailboxPage(body, current);
  else if (active === 'mail') await mailAdminPage(body, current);
  else if (active === 'mail-templates') await mailTemplatesPage(body, current);
  else if (active === 'my-mail') await mailPreferencesPage(body, current);
  else if (active === 'password') passwordForm(body);
  else calendarPage(body);
}

function stepEditor(step, i, onRemove, onMove) {
  const crit = step.criteria && Object.keys(step.criteria).length ? JSON.stringify(step.criteria) : '{}';
  const box = h('fieldset', { class: 'step-edit', dataset: { index: String(i) } },
    h('legend', {}, `Step ${i + 1}: ${step.name || step.key || 'new'}`),
    h('div', { class: 'form-grid' },
      field({ name: 'key', label: 'Key', value: step.key, required: true, attrs: { maxlength: 64, pattern: '[a-z0-9_]+' } }),
      field({ name: 'name', label: 'Name', value: step.name, required: true, attrs: { maxlength: 128 } }),
      field({ name: 'phase', label: 'Phase (of the six fundamental steps)', type: 'select', value: step.phase, options: PHASES.map((p) => [p, humanize(p)]) }),
      field({ name: 'probability', label: 'Win probability (%)', type: 'number', value: step.probability ?? 0, attrs: { min: 0, max: 100 } }),
      field({ name: 'stall_days', label: 'Stalled after (days)', type: 'number', value: step.stall_days ?? 0, attrs: { min: 0, max: 3650 } }),
      field({ name: 'criteria', label: 'Exit criteria (JSON)', value: crit, attrs: { spellcheck: 'false' } }),
      field({ name: 'goal', label: 'Goal', type: 'textarea', value: step.goal || '', wide: true }),
      field({ name: 'guidance', label: 'Guidance (coaching shown to salespeople)', type: 'textarea', value: step.guidance || '', wide: true })),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn small', onclick: () => onMove(i, -1), disabled: i === 0 }, 'Move up'),
      h('button', { type: 'button', class: 'btn small', onclick: () => onMove(i, 1) }, 'Move down'),
      h('button', { type: 'button', class: 'btn small danger', onclick: () => onRemove(i) }, 'Remove step')));
  return box;
}

function readStep(box) {
  const v = {};
  for (const el of box.querySelectorAll('input, select, textarea')) v[el.name] = el.value.trim();
  let criteria;
  try { criteria = v.criteria ? JSON.parse(v.criteria) : {}; } catch (e) {
    const err = new Error(`the exit criteria of step "${v.key || v.name}" are not valid JSON`);
    err.field = 'criteria';
    err.box = box;
    throw err;
  }
  return { key: v.key, name: v.name, phase: v.phase, goal: v.goal, guidance: v.guidance, criteria,
    probability: Number(v.probability || 0), stall_days: Number(v.stall_days || 0) };
}

// The exit criteria of a step in words (core's criteria, process.c).
function criteriaText(c) {
  const out = [];
  if (c?.need) out.push('a recorded need or interest');
  if (c?.timing) out.push('a timing window that includes today');
  if (c?.comfort_min) out.push(`comfort of at least ${c.comfort_min}`);
  if (Array.isArray(c?.wants)) for (const g of c.wants) out.push(`a want of kind ${g.split('|').join(' or ')}`);
  if (c?.fit_importance) out.push(`a fit for every want of importance ${c.fit_importance} or more`);
  if (c?.agreement) out.push('an interaction that ended in an agreement');
  if (c?.check_done) out.push('the satisfaction check done');
  return out.length ? out.join('; ') : 'none';
}

// What a rep or manager sees of a process: the steps, read-only.
function processView(proc) {
  return h('section', { class: 'panel' },
    h('h2', {}, proc.name || proc.key),
    h('p', { class: 'muted' }, `Satisfaction check ${proc.check_days ?? 14} days after delivery${proc.check_every_months ? `, then every ${proc.check_every_months} months while they are a customer` : ''}; a promise is missed ${proc.grace_days ?? 2} days after it falls due. Only an admin may change processes.`),
    h('ol', { class: 'steps-view' }, (proc.steps || []).map((s) => h('li', {},
      h('h3', {}, `${s.name} (${humanize(s.phase)})`),
      s.goal ? h('p', {}, s.goal) : null,
      h('dl', { class: 'kv' },
        h('dt', {}, 'To leave this step'), h('dd', {}, criteriaText(s.criteria)),
        h('dt', {}, 'Win probability'), h('dd', {}, `${s.probability ?? 0}%`),
        h('dt', {}, 'Stalled after'), h('dd', {}, `${s.stall_days ?? 0} days`))))));
}

async function processEditor(el, q, current) {
  const procs = await processes();
  if (current && !current()) return;
  if (!procs.length) { clear(el, h('p', { class: 'empty' }, 'No process is defined.')); return; }
  const proc = procs.find((p) => p.key === q.get('process')) || procs.find((p) => p.is_default) || procs[0];
  let steps = (proc.steps || []).map((s) => ({ ...s }));
  const admin = state.isAdmin();
  const sel = h('select', { id: 'ps-process' }, procs.map((p) => h('option', { value: p.key, selected: p === proc }, p.name || p.key)));
  sel.addEventListener('change', () => state.navigate(`/settings/process${qs({ process: sel.value })}`));
  if (!admin) {
    clear(el, h('div', { class: 'field' }, h('label', { for: 'ps-process' }, 'Process'), sel), processView(proc));
    return;
  }
  const list = h('div', { class: 'steps-editor' });
  const form = h('form', { class: 'panel', novalidate: true },
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    h('div', { class: 'form-grid' },
      field({ name: 'p_name', label: 'Process name', value: proc.name, required: true }),
      field({ name: 'p_check_days', label: 'Satisfaction check, days after delivery', type: 'number', value: proc.check_days ?? 14, attrs: { min: 0, max: 365 } }),
      field({ name: 'p_check_every_months', label: 'Then a check every N months (0: none)', type: 'number', value: proc.check_every_months ?? 6, attrs: { min: 0, max: 60 } }),
      field({ name: 'p_grace_days', label: 'Grace days before a promise is missed', type: 'number', value: proc.grace_days ?? 2, attrs: { min: 0, max: 90 } })),
    h('h2', {}, 'Steps'), list,
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn', onclick: () => { sync(); steps.push({ key: '', name: '', phase: 'engage', criteria: {}, probability: 0, stall_days: 14 }); draw(); } }, 'Add a step'),
      h('span', { class: 'spacer' }),
      h('button', { type: 'submit', class: 'btn primary' }, 'Save process')));
  function sync() {
    steps = [...list.children].map((box, i) => {
      const v = {};
      for (const c of box.querySelectorAll('input, select, textarea')) v[c.name] = c.value;
      let criteria = steps[i]?.criteria || {};
      try { criteria = JSON.parse(v.criteria || '{}'); } catch (e) { /* kept as typed until saved */ }
      return { ...steps[i], ...v, criteria };
    });
  }
  function draw() {
    clear(list, steps.map((s, i) => stepEditor(s, i,
      (k) => { sync(); steps.splice(k, 1); draw(); },
      (k, d) => { sync(); const j = k + d; if (j < 0 || j >= steps.length) return; [steps[k], steps[j]] = [steps[j], steps[k]]; draw(); })));
  }
  draw();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      const v = formValues(form);
      const out = { key: proc.key, name: v.p_name, check_days: Number(v.p_check_days || 0),
        check_every_months: Number(v.p_check_every_months || 0),
        grace_days: Number(v.p_grace_days || 0),
        steps: [...list.children].map(readStep) };
      if (proc.description !== undefined) out.description = proc.description;
      await put(`/processes/${encodeURIComponent(proc.key)}`, out);
      forget('processes');
      toast('Process saved');
    } catch (err) {
      // An error about one step's field goes next to that step's field.
      const idx = /steps\[(\d+)\]\.?(\w+)?/.exec(err.field || '');
      const box = err.box || (idx ? list.children[Number(idx[1])] : null);
      if (box) { showError(box, { message: err.message, field: idx?.[2] || err.field }); box.scrollIntoView({ block: 'center' }); }
      else showError(form, err);
    }
  });
  clear(el, h('div', { class: 'field' }, h('label', { for: 'ps-process' }, 'Process'), sel), form);
}

async function usersPage(el, current) {
  const list = items(await get('/users?limit=200&sort=name'));
  if (current && !current()) return;
  const form = h('form', { class: 'panel', novalidate: true },
    h('h2', {}, 'Add a user'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    h('div', { class: 'form-grid' },
      field({ name: 'name', label: 'Name', required: true }),
      field({ name: 'email', label: 'Email', type: 'email', required: true, attrs: { autocomplete: 'off' } }),
      field({ name: 'role', label: 'Role', type: 'select', value: 'rep', options: [['rep', 'Rep'], ['manager', 'Manager'], ['admin', 'Admin']] }),
      field({ name: 'team', label: 'Team' }),
      field({ name: 'password', label: 'Initial password (8 characters or more)', type: 'password', attrs: { autocomplete: 'new-password' } })),
    h('p', { class: 'muted' }, 'They choose their own password when they first sign in with it.'),
    h('button', { type: 'submit', class: 'btn primary' }, 'Add user'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    const body = { name: v.name, email: v.email, role: v.role };
    if (v.team) body.team = v.team;
    if (v.password) body.password = v.password;
    try { await post('/users', body); forget('users'); toast('User added'); state.reload(); } catch (err) { showError(form, err); }
  });
  clear(el,
    h('div', { class: 'table-wrap' }, stackTable(h('table', {},
      h('caption', { class: 'sr-only' }, 'Users'),
      h('thead', {}, h('tr', {}, ['Name', 'Email', 'Role', 'Team', 'Active', 'Password', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.map((u) => h('tr', {}, h('td', {}, u.name), h('td', {}, u.email), h('td', {}, humanize(u.role)),
        h('td', {}, u.team || ''), h('td', {}, u.active === false || u.active === 0 ? 'no' : 'yes'),
        h('td', {}, u.must_change_password ? 'to change at sign-in' : ''),
        h('td', {}, h('button', { type: 'button', class: 'btn small', 'aria-label': `Edit ${u.name}`, onclick: () => editUser(u) }, 'Edit')))))))),
    form);
}

// The base currency every total and report converts to, and the rates
// (1 unit of a currency in the base currency, from a date on) it converts
// with. Everyone reads them; the server refuses changes by others than
// admins, so only admins get the forms.
async function currenciesPage(el, current) {
  const [base, first] = await Promise.all([get('/base-currency'), get('/rates?limit=1000&sort=currency')]);
  if (current && !current()) return;
  const admin = state.isAdmin();
  const table = h('div', { class: 'table-wrap' });
  const baseText = h('strong', {}, base.currency);
  async function drawList(rows) {
    const data = rows || items(await get('/rates?limit=1000&sort=currency'));
    data.sort((a, b) => a.currency.localeCompare(b.currency) || a.valid_from.localeCompare(b.valid_from));
    clear(table, data.length ? stackTable(h('table', {},
      h('caption', { class: 'sr-only' }, 'Exchange rates'),
      h('thead', {}, h('tr', {}, ['Currency', 'Valid from', `Worth in ${baseText.textContent}`, admin ? '' : null]
        .filter((t) => t !== null).map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, data.map((r) => h('tr', {},
        h('td', {}, r.currency), h('td', {}, r.valid_from), h('td', {}, r.rate),
        admin ? h('td', {}, h('button', {
          type: 'button', class: 'btn small danger', 'aria-label': `Remove the ${r.currency} rate of ${r.valid_from}`,
          onclick: async () => {
            try { await del(`/rates/${r.id}`); toast('Rate removed'); await drawList(); } catch (err) { toast(err.message); }
          },
        }, 'Remove')) : null)))))
      : h('p', { class: 'muted' }, 'No exchange rates yet: deals in other currencies are listed apart in reports.'));
  }
  await drawList(items(first));
  const parts = [
    h('section', { class: 'panel' },
      h('h2', {}, 'Base currency'),
      h('p', {}, 'Totals, reports and the forecast are in ', baseText,
        '. A deal in another currency converts at the latest rate on or before its close date; one without a rate is listed apart, never added in.')),
    h('section', { class: 'panel' }, h('h2', {}, 'Exchange rates'), table),
  ];
  if (admin) {
    const baseForm = h('form', { class: 'panel', novalidate: true },
      h('h2', {}, 'Change the base currency'),
      h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
      h('p', { class: 'muted' }, 'Possible only while there are no exchange rates: they are worth so much of the current base currency.'),
      field({ name: 'currency', label: 'Base currency (ISO 4217 code, such as EUR)', value: base.currency, required: true,
        attrs: { maxlength: 3, pattern: '[A-Za-z]{3}', autocomplete: 'off', spellcheck: 'false' } }),
      h('button', { type: 'submit', class: 'btn primary' }, 'Set base currency'));
    baseForm.addEventListener('submit', async (ev) => {
      ev.preventDefault(); clearErrors(baseForm);
      const v = formValues(baseForm);
      try {
        const res = await put('/base-currency', { currency: v.currency.trim().toUpperCase() });
        baseText.textContent = res.currency;
        toast(`Base currency ${res.currency}`);
        await drawList();
      } catch (err) { showError(baseForm, err); }
    });
    const rateForm = h('form', { class: 'panel', novalidate: true },
      h('h2', {}, 'Add a rate'),
      h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
      h('div', { class: 'form-grid' },
        field({ name: 'currency', label: 'Currency (ISO 4217 code, such as EUR)', required: true,
          attrs: { maxlength: 3, pattern: '[A-Za-z]{3}', autocomplete: 'off', spellcheck: 'false' } }),
        field({ name: 'valid_from', label: 'Valid from', type: 'date', required: true }),
        field({ name: 'rate', label: 'Worth of 1 unit in the base currency', required: true,
          attrs: { inputmode: 'decimal', maxlength: 32 } })),
      h('button', { type: 'submit', class: 'btn primary' }, 'Add rate'));
    rateForm.addEventListener('submit', async (ev) => {
      ev.preventDefault(); clearErrors(rateForm);
      const v = formValues(rateForm);
      try {
        await post('/rates', { currency: v.currency.trim().toUpperCase(), valid_from: v.valid_from, rate: v.rate.trim() });
        toast('Rate added');
        rateForm.reset();
        await drawList();
      } catch (err) { showError(rateForm, err); }
    });
    parts.push(rateForm, baseForm);
  } else {
    parts.push(h('p', { class: 'muted' }, 'Only an admin may change currencies and rates.'));
  }
  clear(el, ...parts);
}

// An admin changes a user's role, team or activity, or sets a new password
// (which ends the user's sessions and tokens).
function editUser(u) {
  const active = !(u.active === false || u.active === 0);
  return dialog(`Edit ${u.name}`, [
    field({ name: 'role', label: 'Role', type: 'select', value: u.role, options: [['rep', 'Rep'], ['manager', 'Manager'], ['admin', 'Admin']] }),
    field({ name: 'team', label: 'Team', value: u.team || '' }),
    field({ name: 'active', label: 'Active', type: 'select', value: active ? 'yes' : 'no', options: [['yes', 'Yes'], ['no', 'No: sign them out for good']] }),
    field({ name: 'password', label: 'Reset the password (leave empty to keep it)', type: 'password', attrs: { autocomplete: 'new-password' } }),
    h('p', { class: 'muted' }, 'A reset password is changed by them at their next sign-in.'),
  ], async (v) => {
    const body = { role: v.role, team: v.team || null, active: v.active === 'yes' };
    if (v.password) body.password = v.password;
    await patch(`/users/${u.id}`, body, u.version);
    forget('users');
    toast(v.password ? 'Password reset: they choose a new one at sign-in' : 'User saved');
    state.reload();
  });
}

async function tokensPage(el, current) {
  const list = items(await get('/tokens'));
  if (current && !current()) return;
  const shownOnce = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel', novalidate: true },
    h('h2', {}, 'Create a token'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'name', label: 'Name (what it is for)', attrs: { maxlength: 200 } }),
    h('button', { type: 'submit', class: 'btn primary' }, 'Create token'), shownOnce);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    try {
      const res = await post('/tokens', v.name ? { name: v.name } : {});
      clear(shownOnce, h('div', { class: 'token-once' },
        h('p', {}, h('strong', {}, 'Copy this token now: it is shown only once.')),
        h('code', { class: 'token-secret' }, res.token)));
      await drawList();
    } catch (err) { showError(form, err); }
  });
  const table = h('div', { class: 'table-wrap' });
  async function drawList(rows) {
    const data = rows || items(await get('/tokens'));
    clear(table, data.length ? stackTable(h('table', {},
      h('caption', { class: 'sr-only' }, 'API tokens'),
      h('thead', {}, h('tr', {}, ['Name', 'Created', 'Last used', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, data.map((t) => h('tr', {},
        h('td', {}, t.name || `token #${t.id}`), h('td', {}, fmtTime(t.created_at)), h('td', {}, fmtTime(t.last_used_at) || 'never'),
        h('td', {}, t.revoked ? 'revoked' : 'active'),
        h('td', {}, t.revoked ? '' : h('button', {
          type: 'button', class: 'btn small danger', 'aria-label': `Revoke ${t.name || `token #${t.id}`}`,
          onclick: async () => {
            try { await del(`/tokens/${t.id}`); toast('Token revoked'); await drawList(); } catch (err) { toast(err.message); }
          },
        }, 'Revoke')))))))
      : h('p', { class: 'muted' }, 'No API tokens yet.'));
  }
  await drawList(list);
  clear(el, h('section', { class: 'panel' }, h('h2', {}, 'Your tokens'), table), form);
}

function calendarPage(el) {
  const out = h('div', { 'aria-live': 'polite' });
  const btn = h('button', { type: 'button', class: 'btn primary' }, 'Create a new calendar link');
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    try {
      const res = await post(CALENDAR_ROTATE, {});
      const url = res.url || new URL(`/cal/${res.token}.ics`, location.origin).href;
      clear(out, h('div', { class: 'token-once' },
        h('p', {}, 'Subscribe to this address in your calendar app. Keep it secret: anyone with it sees your next steps. A new link stops the old one.'),
        h('label', { for: 'cal-url' }, 'Calendar link'),
        h('input', { id: 'cal-url', type: 'text', readonly: true, value: url })));
    } catch (err) {
      clear(out, h('p', { class: 'form-error', role: 'alert' }, err.message));
    } finally {
      btn.disabled = false;
    }
  });
  clear(el, h('section', { class: 'panel' },
    h('h2', {}, 'Calendar link'),
    h('p', {}, 'Your agreed next steps and satisfaction checks as a calendar feed (iCalendar) that any calendar app can subscribe to.'),
    h('p', { class: 'muted' }, 'The link is secret and shown once; creating a new one replaces the old.'),
    btn, out));
}
