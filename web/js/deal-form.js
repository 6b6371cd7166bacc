// New deal: what the process needs to start one (SPEC.md §1, R1): the
// account and its contact, the value and currency, the expected close date
// and the next step the customer agreed to, with its date. Opened from the
// board, a contact or account page and Today's engage items; the query
// (?account_id, ?contact_id, ?process) preselects what the page knew. The
// API's refusals show next to the field they name.
import { get, post, qs, items } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, toast, today } from './ui.js';
import { state, processes, users, ownersInView } from './state.js';
import { STEP_TYPES } from './actions.js';
import { customFields, customInputs, customBody } from './custom-fields.js';

// Options of a contact <select>: the account's contacts, or (no account
// chosen) the most recent ones.
async function contactOptions(accountId) {
  const list = items(await get(`/contacts${qs({ account_id: accountId, limit: 200, sort: 'name' })}`));
  return [['', '— choose a contact —'], ...list.map((c) => [String(c.id), c.name])];
}

function fillSelect(sel, options, value) {
  clear(sel, options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, l)));
}

export async function renderDealForm(el, q, current) {
  let accountId = q.get('account_id') || '';
  const contactId = q.get('contact_id') || '';
  let contact = null;
  if (contactId) contact = await get(`/contacts/${contactId}`).catch(() => null);
  if (!accountId && contact?.account_id) accountId = String(contact.account_id);
  const [accs, procs, umap, base] = await Promise.all([
    get(`/accounts${qs({ limit: 200, sort: 'name' })}`).then(items),
    processes(), users(), get('/base-currency').catch(() => null),
  ]);
  if (accountId && !accs.some((a) => String(a.id) === accountId)) {
    const a = await get(`/accounts/${accountId}`).catch(() => null);
    if (a) accs.unshift(a);
  }
  const contacts = accountId ? await contactOptions(accountId) : [['', '— choose an account first —']];
  if (contact && !contacts.some(([v]) => v === String(contact.id))) contacts.push([String(contact.id), contact.name]);
  const customs = await customInputs(await customFields('deal'));
  if (current && !current()) return;
  document.title = 'New deal · Fulcrum';
  const proc = procs.find((p) => p.key === q.get('process')) || procs.find((p) => p.is_default) || procs[0];
  const first = proc?.steps?.[0];
  const owners = ownersInView(umap);

  const form = h('form', { class: 'panel', novalidate: true },
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    h('div', { class: 'form-grid' },
      field({ name: 'title', label: 'Title', required: true, wide: true, attrs: { maxlength: 200, autocomplete: 'off', placeholder: 'e.g. Invoicing for the Lyon office' } }),
      field({ name: 'account_id', label: 'Account', type: 'select', required: true, value: accountId,
        options: [['', '— choose an account —'], ...accs.map((a) => [String(a.id), a.name])] }),
      field({ name: 'contact_id', label: 'Contact', type: 'select', required: true, value: contactId, options: contacts }),
      field({ name: 'value', label: 'Value', attrs: { inputmode: 'decimal', autocomplete: 'off', placeholder: 'e.g. 12,500.00' } }),
      field({ name: 'currency', label: 'Currency (ISO code)', value: base?.currency || 'USD', attrs: { maxlength: 3, autocomplete: 'off' } }),
      field({ name: 'close_date', label: 'Expected close date', type: 'date', value: today(60) }),
      procs.length > 1 ? field({ name: 'process', label: 'Process', type: 'select', value: proc?.key, options: procs.map((p) => [p.key, p.name || p.key]) }) : null,
      owners.length > 1 ? field({ name: 'owner_id', label: 'Owner', type: 'select', value: String(state.user.id), options: owners.map(([id, n]) => [String(id), n]) }) : null,
      customs),
    h('fieldset', {},
      h('legend', {}, 'The next step the customer agreed to'),
      first ? h('p', { class: 'muted' }, `The deal starts at "${first.name || first.key}". Every open deal has one agreed next step.`) : null,
      field({ name: 'ns_what', label: 'What was agreed', required: true, attrs: { maxlength: 500, placeholder: 'e.g. Call Rita about the invoice backlog' } }),
      h('div', { class: 'form-grid' },
        field({ name: 'ns_due', label: 'By when', type: 'date', value: today(7), required: true }),
        field({ name: 'ns_type', label: 'Type', type: 'select', value: 'appointment', options: STEP_TYPES.map((t) => [t, t]) }))),
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'btn primary' }, 'Create deal'),
      h('a', { class: 'btn', href: '/pipeline', 'data-link': true }, 'Cancel')));
  // the API names the next step's fields "next_step.what" and so on
  for (const n of ['what', 'due', 'type']) form.querySelector(`[data-field="ns_${n}"]`).dataset.field = `next_step.${n}`;

  const accSel = form.querySelector('select[name=account_id]');
  const conSel = form.querySelector('select[name=contact_id]');
  accSel.addEventListener('change', async () => {
    fillSelect(conSel, accSel.value ? await contactOptions(accSel.value) : [['', '— choose an account first —']], '');
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    const body = {
      title: v.title,
      account_id: v.account_id ? Number(v.account_id) : undefined,
      contact_id: v.contact_id ? Number(v.contact_id) : undefined,
      value: v.value || undefined,
      currency: v.currency ? v.currency.toUpperCase() : undefined,
      close_date: v.close_date || undefined,
      process: v.process || undefined,
      owner_id: v.owner_id ? Number(v.owner_id) : undefined,
      next_step: { what: v.ns_what, due: v.ns_due, type: v.ns_type },
      custom: customBody(v),
    };
    try {
      const saved = await post('/deals', body);
      toast('Deal created');
      state.navigate(`/deals/${saved.id}`, { replace: true });
    } catch (err) {
      showError(form, err);
    }
  });
  clear(el, h('p', {}, h('a', { href: '/pipeline', 'data-link': true }, '← Pipeline')), h('h1', {}, 'New deal'), form);
  form.querySelector('input').focus();
}
