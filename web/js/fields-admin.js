// Settings › Custom fields: the fields of contacts, accounts and deals.
// Everyone sees them; an admin adds one (key, label, type, choices, the
// currency of an amount, the step a deal needs it to leave), changes its
// label, choices, step or order, and removes it: a field that records hold
// values of is archived, its values kept, and may be brought back.
import { get, post, patch, del, items, qs } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, toast, stackTable, dialog } from './ui.js';
import { state, processes } from './state.js';

const KINDS = [['contact', 'Contacts'], ['account', 'Accounts'], ['deal', 'Deals']];
const TYPES = [['text', 'Text'], ['number', 'Number'], ['money', 'Amount of money'], ['date', 'Date'],
  ['choice', 'Choice from a list'], ['yesno', 'Yes / no'], ['contact', 'Link to a contact'], ['account', 'Link to an account']];

const choicesOf = (text) => text.split(/[,\n]/).map((c) => c.trim()).filter(Boolean);

// The steps of every process, for "required to leave step".
async function stepOptions() {
  const seen = new Map();
  for (const p of await processes()) for (const s of p.steps || []) if (!seen.has(s.key)) seen.set(s.key, s.name || s.key);
  return [['', '— not required —'], ...seen];
}

function editField(f, steps, onDone) {
  const body = h('div', {},
    field({ name: 'label', label: 'Label', value: f.label, required: true, attrs: { maxlength: 100 } }),
    f.type === 'choice' ? field({ name: 'choices', label: 'Choices (one a line, or separated by commas)', type: 'textarea',
      value: (f.choices || []).join('\n') }) : null,
    f.kind === 'deal' ? field({ name: 'required_step', label: 'Required to leave step', type: 'select',
      value: f.required_step || '', options: steps }) : null,
    field({ name: 'position', label: 'Order (0 first)', type: 'number', value: f.position, attrs: { min: 0, max: 1000 } }));
  dialog(`Edit the field ${f.label}`, body, async (v) => {
    const patchBody = { label: v.label, position: Number(v.position || 0) };
    if (f.type === 'choice') patchBody.choices = choicesOf(v.choices);
    if (f.kind === 'deal') patchBody.required_step = v.required_step || null;
    await patch(`/fields/${f.id}`, patchBody, f.version);
    toast('Field saved');
    onDone();
  });
}

export async function fieldsPage(el, current) {
  const admin = state.isAdmin();
  const steps = await stepOptions();
  if (current && !current()) return;
  const list = h('div', {});
  async function draw() {
    const all = items(await get(`/fields${qs({ limit: 1000, sort: 'position' })}`));
    clear(list, KINDS.map(([kind, title]) => {
      const rows = all.filter((f) => f.kind === kind);
      return h('section', { class: 'panel', 'aria-label': `${title} fields` }, h('h2', {}, title),
        rows.length ? stackTable(h('table', { class: 'fields-table' },
          h('caption', { class: 'sr-only' }, `Custom fields of ${title.toLowerCase()}`),
          h('thead', {}, h('tr', {}, ['Label', 'Key', 'Type', 'Required to leave', 'State', admin ? '' : null]
            .filter((t) => t !== null).map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, rows.map((f) => h('tr', { dataset: { key: f.key } },
            h('td', {}, f.label), h('td', {}, h('code', {}, f.key)),
            h('td', {}, TYPES.find(([t]) => t === f.type)?.[1] || f.type,
              f.type === 'choice' ? h('span', { class: 'muted' }, `: ${(f.choices || []).join(', ')}`) : null,
              f.type === 'money' ? h('span', { class: 'muted' }, ` (${f.currency})`) : null),
            h('td', {}, f.required_step || '–'),
            h('td', {}, f.archived ? 'archived' : 'in use'),
            admin ? h('td', {}, f.archived
              ? h('button', { type: 'button', class: 'btn small', onclick: async () => {
                try { await patch(`/fields/${f.id}`, { archived: false }, f.version); toast('Field restored'); await draw(); } catch (err) { toast(err.message); }
              } }, 'Restore')
              : [h('button', { type: 'button', class: 'btn small', 'aria-label': `Edit the field ${f.label}`,
                onclick: () => editField(f, steps, draw) }, 'Edit'), ' ',
              h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove the field ${f.label}`, onclick: async () => {
                try {
                  const res = await del(`/fields/${f.id}`);
                  toast(res && res.archived ? 'Archived: records hold values, which are kept' : 'Field removed');
                  await draw();
                } catch (err) { toast(err.message); }
              } }, 'Remove')]) : null)))))
          : h('p', { class: 'muted' }, `No custom fields of ${title.toLowerCase()}.`));
    }));
  }
  await draw();
  const parts = [h('p', { class: 'muted' }, 'Fields of your own on contacts, accounts and deals: they show on their forms, pages and lists, in imports, exports and the API.'), list];
  if (admin) {
    const kindSel = field({ name: 'kind', label: 'Records', type: 'select', value: 'deal', options: KINDS.map(([k, l]) => [k, l]) });
    const typeSel = field({ name: 'type', label: 'Type', type: 'select', value: 'text', options: TYPES });
    const choices = field({ name: 'choices', label: 'Choices (one a line, or separated by commas)', type: 'textarea' });
    const currency = field({ name: 'currency', label: 'Currency (ISO code; default the base currency)', attrs: { maxlength: 3, autocomplete: 'off' } });
    const step = field({ name: 'required_step', label: 'Required to leave step (deals)', type: 'select', value: '', options: steps });
    const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'Add a field' },
      h('h2', {}, 'Add a field'),
      h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
      h('div', { class: 'form-grid' }, kindSel, typeSel,
        field({ name: 'label', label: 'Label', required: true, attrs: { maxlength: 100, autocomplete: 'off' } }),
        field({ name: 'key', label: 'Key (lower case letters, digits, _)', required: true,
          attrs: { maxlength: 40, pattern: '[a-z][a-z0-9_]*', autocomplete: 'off', spellcheck: 'false' } }),
        choices, currency, step),
      h('button', { type: 'submit', class: 'btn primary' }, 'Add field'));
    const sync = () => {
      const v = formValues(form);
      choices.hidden = v.type !== 'choice';
      currency.hidden = v.type !== 'money';
      step.hidden = v.kind !== 'deal';
    };
    form.addEventListener('change', sync);
    // a key follows the label until it is typed
    const keyInput = form.querySelector('input[name=key]');
    form.querySelector('input[name=label]').addEventListener('input', (ev) => {
      if (keyInput.dataset.typed) return;
      keyInput.value = ev.target.value.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '').slice(0, 40);
    });
    keyInput.addEventListener('input', () => { keyInput.dataset.typed = '1'; });
    sync();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault(); clearErrors(form);
      const v = formValues(form);
      const body = { kind: v.kind, type: v.type, label: v.label, key: v.key };
      if (v.type === 'choice') body.choices = choicesOf(v.choices);
      if (v.type === 'money' && v.currency) body.currency = v.currency.toUpperCase();
      if (v.kind === 'deal' && v.required_step) body.required_step = v.required_step;
      try {
        await post('/fields', body);
        toast('Field added');
        form.reset(); delete keyInput.dataset.typed; sync();
        await draw();
      } catch (err) { showError(form, err); }
    });
    parts.push(form);
  } else {
    parts.push(h('p', { class: 'muted' }, 'Only an admin may define fields.'));
  }
  clear(el, ...parts);
}
