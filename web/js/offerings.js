// Settings → Offerings: what the team sells, the other half of every fit
// (SPEC.md §1, step 4). Everyone sees the list; managers and admins add,
// edit and deactivate (a deactivated offering keeps its fits but takes no
// new one) or activate again.
import { get, post, patch, qs, items } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, toast, money, stackTable, dialog } from './ui.js';
import { state, forget } from './state.js';

const FIELDS = (o = {}) => [
  field({ name: 'name', label: 'Name', value: o.name || '', required: true, attrs: { maxlength: 200, autocomplete: 'off' } }),
  h('div', { class: 'form-grid' },
    field({ name: 'price', label: 'Price', value: o.price ?? '', attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
    field({ name: 'currency', label: 'Currency (ISO code)', value: o.currency || '', attrs: { maxlength: 3, autocomplete: 'off' } })),
  field({ name: 'description', label: 'Description', type: 'textarea', value: o.description || '', attrs: { maxlength: 4000 } }),
  field({ name: 'benefits', label: 'Benefits', type: 'textarea', value: o.benefits || '', attrs: { maxlength: 4000 } }),
];

// The form's values as the API takes them; on an edit, only what changed.
function bodyOf(v, was) {
  const out = {};
  for (const k of ['name', 'price', 'currency', 'description', 'benefits']) {
    let val = v[k];
    if (k === 'currency' && val) val = val.toUpperCase();
    if (was && String(was[k] ?? '') === val) continue;
    if (val === '') { if (was) out[k] = null; continue; }
    out[k] = val;
  }
  return out;
}

function editOffering(o, redraw) {
  return dialog(`Edit ${o.name}`, FIELDS(o), async (v) => {
    const body = bodyOf(v, o);
    if (Object.keys(body).length) await patch(`/offerings/${o.id}`, body, o.version);
    forget('offerings');
    toast('Offering saved');
    redraw();
  });
}

export async function offeringsPage(el, current) {
  const writer = state.isManager();
  const table = h('div', { class: 'table-wrap' });
  async function draw() {
    const list = items(await get(`/offerings${qs({ limit: 200, sort: 'name' })}`));
    if (current && !current()) return;
    clear(table, list.length ? stackTable(h('table', {},
      h('caption', { class: 'sr-only' }, 'Offerings'),
      h('thead', {}, h('tr', {}, ['Name', 'Price', 'Description', 'Status', writer ? 'Actions' : null]
        .filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.map((o) => {
        const active = !(o.active === false || o.active === 0);
        return h('tr', { class: active ? undefined : 'muted' },
          h('td', {}, o.name), h('td', {}, o.price === null || o.price === undefined ? '–' : money(o.price, o.currency)),
          h('td', {}, o.description || ''), h('td', {}, active ? 'active' : 'deactivated'),
          writer ? h('td', {},
            h('button', { type: 'button', class: 'btn small', 'aria-label': `Edit ${o.name}`, onclick: () => editOffering(o, draw) }, 'Edit'), ' ',
            h('button', {
              type: 'button', class: ['btn small', active && 'danger'], 'aria-label': `${active ? 'Deactivate' : 'Activate'} ${o.name}`,
              onclick: async (ev) => {
                ev.target.disabled = true;
                try {
                  await patch(`/offerings/${o.id}`, { active: !active }, o.version);
                  forget('offerings');
                  toast(active ? 'Offering deactivated' : 'Offering active again');
                  await draw();
                } catch (err) { ev.target.disabled = false; toast(err.message); }
              },
            }, active ? 'Deactivate' : 'Activate')) : null);
      }))))
      : h('p', { class: 'muted' }, 'No offerings yet: a fit needs one.'));
  }
  await draw();
  const parts = [h('section', { class: 'panel' }, h('h2', {}, 'Offerings'), table)];
  if (writer) {
    const form = h('form', { class: 'panel', novalidate: true },
      h('h2', {}, 'Add an offering'),
      h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
      FIELDS(),
      h('button', { type: 'submit', class: 'btn primary' }, 'Add offering'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault(); clearErrors(form);
      try {
        await post('/offerings', bodyOf(formValues(form)));
        forget('offerings');
        toast('Offering added');
        form.reset();
        await draw();
      } catch (err) { showError(form, err); }
    });
    parts.push(form);
  } else {
    parts.push(h('p', { class: 'muted' }, 'Only a manager or an admin may change the offerings.'));
  }
  clear(el, ...parts);
}
