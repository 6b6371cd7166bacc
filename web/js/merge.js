// Merging two contacts or two accounts (POST /{kind}/{id}/merge): "Merge
// with…" on a record's page picks the other record, shows both side by
// side with the value each field keeps (the API's preview gives the
// defaults: this record's, or the other's where this one's is empty), and
// merges into this record. The record's page then lists its merges, each
// with an Undo while the API says it can still be undone (the same day).
import { get, post, qs, items } from './api.js';
import { h, clear, humanize, toast, fmtTime, showError, clearErrors } from './ui.js';
import { state } from './state.js';

const ONE = { contacts: 'contact', accounts: 'account' };

function shown(v) {
  if (v === null || v === undefined || v === '') return '–';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// Step 1: which record to merge into this one.
async function pickOther(el, kind, rec, q, current) {
  const text = q.get('q') || '';
  const res = items(await get(`/${kind}${qs({ q: text || undefined, limit: 20, sort: 'name' })}`))
    .filter((r) => r.id !== rec.id);
  if (current && !current()) return;
  const search = h('form', { class: 'row', role: 'search' },
    h('label', { for: 'merge-q', class: 'sr-only' }, `Find the ${ONE[kind]} to merge`),
    h('input', { id: 'merge-q', name: 'q', type: 'search', value: text, placeholder: `Find a ${ONE[kind]}…` }),
    h('button', { type: 'submit', class: 'btn' }, 'Find'));
  search.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.navigate(`/${kind}/${rec.id}/merge${qs({ q: search.q.value || undefined })}`);
  });
  clear(el,
    h('p', {}, h('a', { href: `/${kind}/${rec.id}`, 'data-link': true }, `← ${rec.name}`)),
    h('h1', {}, `Merge with ${rec.name}`),
    h('p', { class: 'muted' }, `Choose the ${ONE[kind]} to merge into ${rec.name}: its deals, people and history move here, and it is deleted.`),
    search,
    h('section', { class: 'panel', 'aria-label': `Candidates` },
      res.length ? h('ul', { class: 'plain merge-candidates' }, res.map((r) => h('li', {},
        h('a', { href: `/${kind}/${rec.id}/merge?other=${r.id}`, 'data-link': true }, r.name),
        r.email || r.domain ? h('span', { class: 'muted' }, ` · ${r.email || r.domain}`) : null)))
        : h('p', { class: 'muted' }, `No ${kind} match.`)));
  search.q.focus();
}

// Step 2: side by side, a choice per field that differs, and confirm.
async function pickFields(el, kind, rec, other, current) {
  const p = await get(`/${kind}/${rec.id}/merge?other=${other}`);
  if (current && !current()) return;
  const rows = p.fields.filter((f) => shown(f.survivor) !== shown(f.other));
  const cell = (f, side) => h('td', {},
    h('label', { class: 'merge-choice' },
      h('input', { type: 'radio', name: `take-${f.name}`, value: side, checked: f.take === side }), ' ',
      shown(f[side])));
  const form = h('form', { class: 'panel', novalidate: true },
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    rows.length
      ? h('table', { class: 'merge-fields' },
        h('caption', { class: 'sr-only' }, 'The value each field keeps'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'),
          h('th', { scope: 'col' }, `${p.survivor.name} (kept)`), h('th', { scope: 'col' }, `${p.other.name} (merged)`))),
        h('tbody', {}, rows.map((f) => h('tr', { dataset: { field: f.name } },
          h('th', { scope: 'row' }, humanize(f.name)), cell(f, 'survivor'), cell(f, 'other')))))
      : h('p', { class: 'muted' }, 'Both hold the same values.'),
    h('p', { class: 'muted' }, `${p.other.name}'s deals, interactions, wants, next steps and referrals move to ${p.survivor.name}; both histories stay. You can undo the merge today.`),
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'btn primary' }, 'Merge'),
      h('a', { class: 'btn', href: `/${kind}/${rec.id}/merge`, 'data-link': true }, 'Choose another')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const take = {};
    for (const f of rows) take[f.name] = form.querySelector(`input[name="take-${f.name}"]:checked`)?.value || f.take;
    try {
      await post(`/${kind}/${rec.id}/merge`, { other_id: other, take });
      toast(`Merged ${p.other.name} into ${p.survivor.name}`);
      state.navigate(`/${kind}/${rec.id}`, { replace: true });
    } catch (err) {
      showError(form, err);
    }
  });
  clear(el,
    h('p', {}, h('a', { href: `/${kind}/${rec.id}`, 'data-link': true }, `← ${rec.name}`)),
    h('h1', {}, `Merge ${p.other.name} into ${p.survivor.name}`), form);
}

export async function renderMerge(el, kind, id, q, current) {
  const rec = await get(`/${kind}/${id}`);
  if (current && !current()) return;
  document.title = `Merge with ${rec.name} · Fulcrum`;
  const other = Number(q.get('other'));
  if (other > 0) await pickFields(el, kind, rec, other, current);
  else await pickOther(el, kind, rec, q, current);
}

// The merges into a record, each with an Undo while allowed; hidden when
// there are none.
export function mergesPanel(kind, id) {
  const body = h('div', { 'aria-live': 'polite' });
  const panel = h('section', { class: 'panel', 'aria-labelledby': `merges-${kind}-${id}`, hidden: true },
    h('h2', { id: `merges-${kind}-${id}` }, 'Merged here'), body);
  (async () => {
    const list = items(await get(`/${kind}/${id}/merges`));
    if (!list.length) return;
    panel.hidden = false;
    clear(body, h('ul', { class: 'plain' }, list.map((m) => h('li', { dataset: { merge: m.id } },
      h('strong', {}, m.merged_name), ' ', h('span', { class: 'muted' }, `merged ${fmtTime(m.merged_at)}`),
      m.undone_at ? h('span', { class: 'badge' }, 'undone')
        : m.undoable ? [' ', h('button', {
          type: 'button', class: 'btn small',
          onclick: async (ev) => {
            ev.target.disabled = true;
            try {
              await post(`/merges/${m.id}/undo`);
              toast(`${m.merged_name} is back`);
              state.navigate(location.pathname, { replace: true });
            } catch (err) {
              ev.target.disabled = false;
              toast(err?.message || String(err));
            }
          },
        }, 'Undo')] : null))));
  })().catch((err) => { panel.hidden = false; clear(body, h('p', { class: 'form-error' }, err?.message || String(err))); });
  return panel;
}
