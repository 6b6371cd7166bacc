// The deal's facts (status, value, account, contact, owner, close date,
// time in step) and their editing in place: title, value and currency (read
// only while line items set them), close date, contact and owner, saved with
// PATCH and the version read (If-Match), so a change made meanwhile by
// someone else is refused, not overwritten.
import { patch, get, qs, items } from './api.js';
import { h, clear, money, fmtDate, field, formValues, clearErrors, showError, toast, daysSince, humanize } from './ui.js';
import { userName, ownersInView } from './state.js';
import { customInputs, customBody, customFacts } from './custom-fields.js';

const EDITED = ['title', 'value', 'currency', 'close_date', 'contact_id', 'owner_id'];
const NUMERIC = ['contact_id', 'owner_id'];

function facts(deal, ctx) {
  const { account, contact, umap, step, itemized } = ctx;
  const days = daysSince(deal.step_entered_at);
  return h('dl', { class: 'kv' },
    h('dt', {}, 'Status'), h('dd', {}, h('span', { class: ['badge', deal.status === 'won' ? 'good' : deal.status === 'lost' ? 'bad' : ''] }, deal.status)),
    h('dt', {}, 'Value'), h('dd', {}, money(deal.value, deal.currency), itemized ? h('span', { class: 'muted' }, ' (its line items)') : null),
    h('dt', {}, 'Account'), h('dd', {}, account ? h('a', { href: `/accounts/${account.id}`, 'data-link': true }, account.name) : '–'),
    h('dt', {}, 'Contact'), h('dd', {}, contact ? h('a', { href: `/contacts/${contact.id}`, 'data-link': true }, contact.name) : '–'),
    h('dt', {}, 'Owner'), h('dd', { class: 'deal-owner' }, userName(umap, deal.owner_id)),
    h('dt', {}, 'Close date'), h('dd', {}, fmtDate(deal.close_date) || '–'),
    deal.status === 'open' ? [h('dt', {}, 'In step'), h('dd', {}, days === null ? '–'
      : `${days} day${days === 1 ? '' : 's'}${step?.stall_days && days > step.stall_days ? ' (stalled)' : ''}`)] : null,
    deal.lost_reason ? [h('dt', {}, 'Lost because'), h('dd', {}, deal.lost_reason)] : null,
    deal.disqualified_reason ? [h('dt', {}, 'Disqualified because'), h('dd', { class: 'disqualified-reason' }, humanize(deal.disqualified_reason),
      deal.disqualified_note ? `: ${deal.disqualified_note}` : '')] : null,
    deal.delivered_on ? [h('dt', {}, 'Delivered'), h('dd', {}, fmtDate(deal.delivered_on))] : null,
    customFacts(ctx.customDefs || [], deal.custom));
}

async function editForm(box, deal, ctx, onDone, show) {
  const people = items(await get(`/contacts${qs({ account_id: deal.account_id, limit: 200, sort: 'name' })}`));
  if (ctx.contact && !people.some((c) => c.id === ctx.contact.id)) people.unshift(ctx.contact);
  const customs = await customInputs(ctx.customDefs || [], deal.custom);
  const owners = ownersInView(ctx.umap);
  if (!owners.some(([id]) => id === deal.owner_id)) owners.unshift([deal.owner_id, userName(ctx.umap, deal.owner_id)]);
  const form = h('form', { class: 'deal-edit', novalidate: true, 'aria-label': 'Edit the deal' },
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'title', label: 'Title', value: deal.title, required: true, attrs: { maxlength: 200 } }),
    h('div', { class: 'form-grid' },
      // while the deal has line items their sum is its value, in its currency
      field({ name: 'value', label: 'Value', value: deal.value ?? '', hint: ctx.itemized ? 'the sum of its line items' : undefined,
        attrs: { inputmode: 'decimal', autocomplete: 'off', readonly: ctx.itemized || undefined } }),
      field({ name: 'currency', label: 'Currency', value: deal.currency || '',
        attrs: { maxlength: 3, autocomplete: 'off', readonly: ctx.itemized || undefined } })),
    field({ name: 'close_date', label: 'Expected close date', type: 'date', value: deal.close_date || '' }),
    field({ name: 'contact_id', label: 'Contact', type: 'select', value: String(deal.contact_id ?? ''), options: people.map((c) => [String(c.id), c.name]) }),
    field({ name: 'owner_id', label: 'Owner', type: 'select', value: String(deal.owner_id), options: owners.map(([id, n]) => [String(id), n]),
      attrs: owners.length > 1 ? {} : { disabled: true } }),
    customs.length ? h('div', { class: 'form-grid' }, customs) : null,
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'btn primary small' }, 'Save'),
      h('button', { type: 'button', class: 'btn small', onclick: show }, 'Cancel')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    const custom = customBody(v, deal.custom || {});
    const body = custom ? { custom } : {};
    for (const k of EDITED) {
      if (!(k in v)) continue;
      const was = deal[k] === null || deal[k] === undefined ? '' : String(deal[k]);
      if (v[k] === was) continue;
      body[k] = v[k] === '' ? null : NUMERIC.includes(k) ? Number(v[k]) : k === 'currency' ? v[k].toUpperCase() : v[k];
    }
    try {
      if (Object.keys(body).length) await patch(`/deals/${deal.id}`, body, deal.version);
      toast(Object.keys(body).length ? 'Deal saved' : 'Nothing changed');
      onDone();
    } catch (err) {
      showError(form, err);
    }
  });
  clear(box, form);
  form.querySelector('input').focus();
}

// The "Deal" panel: the facts, and an Edit button that turns them into a
// form in place.
export function dealFactsPanel(deal, ctx, onDone) {
  const box = h('div', {});
  const editBtn = h('button', { type: 'button', class: 'btn small', 'aria-label': 'Edit the deal' }, 'Edit');
  const show = () => { clear(box, facts(deal, ctx)); editBtn.hidden = false; editBtn.focus(); };
  editBtn.addEventListener('click', () => { editBtn.hidden = true; editForm(box, deal, ctx, onDone, show).catch((e) => toast(e.message)); });
  clear(box, facts(deal, ctx));
  return h('section', { class: 'panel deal-facts', 'aria-label': 'Deal' },
    h('div', { class: 'row' }, h('h2', { class: 'spacer' }, 'Deal'), editBtn), box);
}
