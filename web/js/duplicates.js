// Likely duplicates (docs/duplicates.md): the panel a create or an edit
// form shows when the API refuses it as a likely duplicate (409, rule
// "duplicate": the records it is likely the same as, each a link, with a
// way to go on anyway), and the page of likely pairs of contacts or
// accounts with their evidence.
import { get, qs } from './api.js';
import { h, clear } from './ui.js';

const KINDS = { contacts: 'contact', accounts: 'account' };

// "same e-mail ada@example.com", as `fulcrum duplicates` words it
function because(evidence) {
  return evidence.map(({ rule, value }) => ({
    email: `same e-mail ${value}`,
    phone: `same phone (ending ${value})`,
    name: 'same name',
    similar_name: 'similar name',
    domain: `same domain ${value}`,
    email_domain: `a contact with an e-mail at ${value}`,
  })[rule] || rule).join(', ');
}

function recordLink(kind, r) {
  return h('a', { href: `/${kind}/${r.id}`, 'data-link': true }, r.name || `#${r.id}`);
}

// True when ERR is the API's likely-duplicate refusal.
export function isDuplicate(err) {
  return err?.status === 409 && err.problem?.rule === 'duplicate' &&
    Array.isArray(err.problem.duplicates);
}

// The candidates of a refused create (or edit: EDITING) of a KIND record,
// and a button that calls GO_ON to save it anyway.
export function duplicatesPanel(kind, err, editing, goOn) {
  const list = err.problem.duplicates;
  const button = h('button', { type: 'button', class: 'btn' },
    editing ? 'Save anyway' : 'Create anyway');
  button.addEventListener('click', () => { button.disabled = true; goOn(); });
  return h('section', { class: 'panel duplicates', role: 'alert', 'aria-labelledby': 'dup-h' },
    h('h2', { id: 'dup-h' }, list.length === 1
      ? `This is likely a ${KINDS[kind]} you already have`
      : `This is likely one of ${list.length} ${kind} you already have`),
    h('ul', {}, list.map((d) => h('li', {}, recordLink(kind, d), ` (#${d.id}): ${because(d.evidence)}`))),
    h('p', { class: 'muted' }, editing
      ? 'Open it to compare, or save this one anyway.'
      : 'Open it to add to it instead, or create this one anyway.'),
    h('div', { class: 'row' }, button));
}

// The page: /duplicates/contacts or /duplicates/accounts.
export async function renderDuplicates(el, kind, q, current) {
  if (!KINDS[kind]) kind = 'contacts';
  const title = `Likely duplicate ${kind}`;
  document.title = `${title} · Fulcrum`;
  const res = await get(`/duplicates/${kind}${qs({ limit: 200 })}`);
  if (current && !current()) return;
  const other = kind === 'contacts' ? 'accounts' : 'contacts';
  const rows = res.items.map((p) => h('tr', {},
    h('td', {}, recordLink(kind, p.a)),
    h('td', {}, recordLink(kind, p.b)),
    h('td', {}, because(p.evidence)),
    h('td', {}, h('a', { href: `/${kind}/${p.a.id}/merge?other=${p.b.id}`, 'data-link': true,
      'aria-label': `Merge ${p.b.name || `#${p.b.id}`} into ${p.a.name || `#${p.a.id}`}` }, 'Merge…'))));
  clear(el,
    h('p', {}, h('a', { href: `/${kind}`, 'data-link': true }, `← ${kind[0].toUpperCase()}${kind.slice(1)}`)),
    h('div', { class: 'row' }, h('h1', { class: 'spacer' }, title),
      h('a', { class: 'btn', href: `/duplicates/${other}`, 'data-link': true }, `Likely duplicate ${other}`)),
    h('p', { class: 'muted' }, `Pairs of ${kind} that share an e-mail, a phone, a domain, or a name alike, among those you may see.`),
    rows.length
      ? h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': title }, h('table', {},
        h('caption', { class: 'sr-only' }, title),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'One'), h('th', { scope: 'col' }, 'The other'),
          h('th', { scope: 'col' }, 'Why'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Merge')))),
        h('tbody', {}, rows)))
      : h('p', { class: 'muted' }, `No likely duplicate ${kind}.`),
    res.truncated ? h('p', { class: 'muted' }, 'More pairs than shown here: `fulcrum duplicates` lists up to 1000.') : null);
}
