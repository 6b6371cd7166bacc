// Contacts and Accounts: searchable, paginated lists, detail pages with
// their deals, and create/edit forms whose validation messages come from
// the API (a problem's detail shown next to the field it names).
import { get, post, patch, qs, items } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, fmtDate, money, humanize, toast, stackTable } from './ui.js';
import { state, users, userName, ownersInView } from './state.js';
import { logCall } from './actions.js';
import { sendEmail } from './mail-compose.js';
import { timelinePanel } from './timeline.js';
import { mergesPanel } from './merge.js';
import { exportLink } from './import.js';
import { customFields, customInputs, customBody, customFacts, customColumns, customFilters } from './custom-fields.js';
import { isDuplicate, duplicatesPanel } from './duplicates.js';

const PAGE = 25;

const KINDS = {
  contacts: {
    one: 'contact', title: 'Contacts',
    // [field, heading, sortable]: the account shows by name, so it sorts
    // by nothing a person would expect
    columns: [['name', 'Name', true], ['account_id', 'Account'], ['email', 'Email', true], ['phone', 'Phone'],
      ['title', 'Title', true], ['comfort', 'Comfort', true], ['owner_id', 'Owner']],
    filters: [['source', 'Source', ['referral', 'inbound', 'outbound', 'event', 'web', 'other']],
      ['comfort', 'Comfort', ['0', '1', '2', '3', '4', '5']], ['owner_id', 'Owner', 'owners']],
    form: [
      { name: 'name', label: 'Name', required: true, attrs: { maxlength: 200, autocomplete: 'off' } },
      { name: 'email', label: 'Email', type: 'email', attrs: { maxlength: 254 } },
      { name: 'phone', label: 'Phone', type: 'tel', attrs: { maxlength: 50 } },
      { name: 'title', label: 'Job title', attrs: { maxlength: 200 } },
      { name: 'account_id', label: 'Account', type: 'account' },
      { name: 'source', label: 'Source', type: 'select', options: ['', 'referral', 'inbound', 'outbound', 'event', 'web', 'other'] },
      { name: 'need', label: 'Need or interest', type: 'textarea', wide: true, attrs: { maxlength: 2000 } },
      { name: 'timing_from', label: 'Timing from', type: 'date' },
      { name: 'timing_to', label: 'Timing to', type: 'date' },
      { name: 'comfort', label: 'Comfort (0-5)', type: 'select', options: ['', '0', '1', '2', '3', '4', '5'] },
      { name: 'preferred_channel', label: 'Preferred channel', attrs: { maxlength: 50 } },
      { name: 'tags', label: 'Tags', attrs: { maxlength: 500 } },
      { name: 'notes', label: 'Notes', type: 'textarea', wide: true, attrs: { maxlength: 10000 } },
    ],
    // source_label and lead_status: as another CRM's import gave them
    show: [['email', 'Email'], ['phone', 'Phone'], ['title', 'Title'], ['source', 'Source'],
      ['source_label', 'Source as imported'], ['lead_status', 'Lead status'], ['need', 'Need'],
      ['timing_from', 'Timing from', 'date'], ['timing_to', 'Timing to', 'date'], ['comfort', 'Comfort'],
      ['preferred_channel', 'Preferred channel'], ['tags', 'Tags'], ['notes', 'Notes']],
  },
  accounts: {
    one: 'account', title: 'Accounts',
    columns: [['name', 'Name', true], ['domain', 'Domain', true], ['industry', 'Industry', true], ['status', 'Status', true],
      ['owner_id', 'Owner']],
    filters: [['status', 'Status', ['prospect', 'customer', 'former']], ['owner_id', 'Owner', 'owners']],
    form: [
      { name: 'name', label: 'Name', required: true, attrs: { maxlength: 200, autocomplete: 'off' } },
      { name: 'domain', label: 'Domain', attrs: { maxlength: 253 } },
      { name: 'industry', label: 'Industry', attrs: { maxlength: 100 } },
      { name: 'size', label: 'Size', attrs: { maxlength: 50 } },
      { name: 'status', label: 'Status', type: 'select', options: ['prospect', 'customer', 'former'] },
      { name: 'address', label: 'Address', type: 'textarea', wide: true, attrs: { maxlength: 500 } },
    ],
    show: [['domain', 'Domain'], ['industry', 'Industry'], ['size', 'Size'], ['status', 'Status'], ['address', 'Address']],
  },
};

function numericFields(kind) { return kind === 'contacts' ? ['comfort', 'account_id'] : []; }

// The query a list page keeps in its address: search, sort and filters
// (each one a server-side equality filter, core/record.c), without paging.
function listQuery(K, q) {
  const out = {};
  for (const k of ['q', 'sort', ...K.filters.map((f) => f[0])]) if (q.get(k)) out[k] = q.get(k);
  return out;
}

export async function renderList(el, kind, q, current) {
  // the organisation's custom fields are columns, and their choices filters
  const defs = await customFields(KINDS[kind].one);
  const K = { ...KINDS[kind], columns: [...KINDS[kind].columns, ...customColumns(defs)],
    filters: [...KINDS[kind].filters, ...customFilters(defs)] };
  document.title = `${K.title} · Fulcrum`;
  const base = listQuery(K, q);
  const term = base.q || '';
  const sort = base.sort || 'name';
  const cursor = q.get('cursor') || '';
  const prev = q.getAll('prev');
  const umap = await users();
  if (current && !current()) return;
  const search = h('input', { type: 'search', id: 'list-q', name: 'q', value: term, placeholder: `Search ${kind}`, autocomplete: 'off' });
  const filterFields = K.filters.map(([name, label, opts]) => {
    const options = opts === 'owners' ? ownersInView(umap).map(([id, n]) => [String(id), n]) : opts.map((o) => [o, humanize(o)]);
    return h('div', { class: 'field' }, h('label', { for: `list-${name}` }, label),
      h('select', { id: `list-${name}`, name }, h('option', { value: '' }, 'Any'),
        options.map(([v, l]) => h('option', { value: v, selected: base[name] === v }, l))));
  });
  const form = h('form', { class: 'row list-search', role: 'search' },
    h('div', { class: 'field spacer' }, h('label', { for: 'list-q' }, `Search ${kind}`), search),
    filterFields,
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn' }, 'Search')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = Object.fromEntries(new FormData(form).entries());
    state.navigate(`/${kind}${qs({ ...v, q: search.value.trim(), sort: base.sort })}`);
  });
  // A sortable heading is a link to the list sorted by it (again: reversed).
  const headCell = ([k, l, sortable]) => {
    if (sortable !== true) return h('th', { scope: 'col' }, l);
    const on = sort === k || sort === `-${k}`;
    const desc = sort === `-${k}`;
    const next = on && !desc ? `-${k}` : k;
    return h('th', { scope: 'col', 'aria-sort': on ? (desc ? 'descending' : 'ascending') : undefined },
      // the arrow is app.css's (th[aria-sort]); aria-sort says it to readers
      h('a', { href: `/${kind}${qs({ ...base, sort: next })}`, 'data-link': true, class: 'sort', title: `Sort by ${l.toLowerCase()}` }, l));
  };
  const tbody = h('tbody', {}, Array.from({ length: 5 }, () => h('tr', {}, K.columns.map(() => h('td', {}, '\u00a0')))));
  const table = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': K.title }, h('table', {},
    h('caption', { class: 'sr-only' }, K.title),
    h('thead', {}, h('tr', {}, K.columns.map(headCell))), tbody));
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const filters = { ...base };
  delete filters.sort;
  clear(el,
    h('div', { class: 'row' }, h('h1', { class: 'spacer' }, K.title),
      h('a', { class: 'btn', href: `/duplicates/${kind}`, 'data-link': true }, 'Likely duplicates'),
      exportLink(kind, 'Export CSV', { ...filters, sort }),
      h('a', { class: 'btn primary', href: `/${kind}/new`, 'data-link': true }, `New ${K.one}`)),
    form, table, pager);
  const res = await get(`/${kind}${qs({ ...base, sort, limit: PAGE, cursor })}`);
  const rows = items(res);
  // the accounts of the page's contacts, by name (one request, id filter)
  const accIds = [...new Set(rows.map((r) => r.account_id).filter(Boolean))];
  const accounts = new Map();
  if (kind === 'contacts' && accIds.length) {
    const u = new URLSearchParams({ limit: String(accIds.length) });
    for (const a of accIds) u.append('id', String(a));
    for (const a of items(await get(`/accounts?${u}`))) accounts.set(a.id, a.name);
  }
  if (current && !current()) return;
  const show = (r, k) => {
    if (k === 'account_id') return r.account_id ? h('a', { href: `/accounts/${r.account_id}`, 'data-link': true }, accounts.get(r.account_id) || '–') : '';
    if (k === 'owner_id') return r.owner_id ? userName(umap, r.owner_id) : '';
    const col = K.columns.find((c) => c[0] === k);
    if (typeof col?.[2] === 'function') return col[2](r);
    return r[k] ?? '';
  };
  const filtered = Object.keys(filters).length > 0;
  clear(tbody, rows.length ? rows.map((r) => h('tr', {}, K.columns.map(([k], i) => h('td', {},
    i === 0 ? h('a', { href: `/${kind}/${r.id}`, 'data-link': true }, r[k] || `#${r.id}`) : show(r, k)))))
    : h('tr', {}, h('td', { colspan: K.columns.length, class: 'muted' }, filtered ? `No ${kind} match.` : `No ${kind} yet.`)));
  stackTable(table.querySelector('table'));
  const page = (cur, stack) => {
    const u = new URLSearchParams(base);
    for (const c of stack) u.append('prev', c);
    if (cur) u.set('cursor', cur);
    return `/${kind}?${u}`;
  };
  if (prev.length)
    pager.append(h('a', { class: 'btn small', href: page(prev[prev.length - 1], prev.slice(0, -1)), 'data-link': true, rel: 'prev', 'aria-label': 'Previous page' }, '← Previous'));
  if (res?.next_cursor)
    pager.append(h('a', { class: 'btn small', href: page(res.next_cursor, [...prev, cursor]), 'data-link': true, rel: 'next', 'aria-label': 'Next page' }, 'Next →'));
}

export async function renderDetail(el, kind, id, q, current) {
  const K = KINDS[kind];
  const rec = await get(`/${kind}/${id}`);
  const filter = kind === 'contacts' ? { contact_id: id } : { account_id: id };
  const [deals, account, umap, contacts, defs] = await Promise.all([
    get(`/deals${qs({ ...filter, limit: 50, sort: '-id' })}`).then(items),
    kind === 'contacts' && rec.account_id ? get(`/accounts/${rec.account_id}`).catch(() => null) : null,
    users(),
    kind === 'accounts' ? get(`/contacts${qs({ account_id: id, limit: 50, sort: 'name' })}`).then(items) : [],
    customFields(K.one),
  ]);
  if (current && !current()) return;
  document.title = `${rec.name} · Fulcrum`;
  const show = (v, type) => (v === null || v === undefined || v === '' ? '–' : type === 'date' ? fmtDate(v) : String(v));
  const facts = h('dl', { class: 'kv' },
    K.show.map(([k, l, t]) => [h('dt', {}, l), h('dd', {}, show(rec[k], t))]),
    kind === 'contacts' ? [h('dt', {}, 'Account'), h('dd', {}, account ? h('a', { href: `/accounts/${account.id}`, 'data-link': true }, account.name) : '–')] : null,
    h('dt', {}, 'Owner'), h('dd', {}, userName(umap, rec.owner_id)),
    customFacts(defs, rec.custom));
  const timeline = timelinePanel(kind, id);
  clear(el,
    h('p', {}, h('a', { href: `/${kind}`, 'data-link': true }, `← ${K.title}`)),
    h('div', { class: 'row' }, h('h1', { class: 'spacer' }, rec.name),
      kind === 'contacts' ? h('button', { type: 'button', class: 'btn', onclick: () => logCall({ contact: rec, onDone: () => timeline.refresh() }) }, 'Log a call') : null,
      kind === 'contacts' ? h('button', { type: 'button', class: 'btn', onclick: () => sendEmail({ contact: rec, to: rec.email, onDone: () => timeline.refresh() }).catch((e) => toast(e.message)) }, 'Send e-mail') : null,
      h('a', { class: 'btn', href: `/deals/new${qs(kind === 'contacts' ? { contact_id: id } : { account_id: id })}`, 'data-link': true }, 'New deal'),
      h('a', { class: 'btn', href: `/${kind}/${id}/edit`, 'data-link': true }, 'Edit'),
      h('a', { class: 'btn', href: `/${kind}/${id}/merge`, 'data-link': true }, 'Merge with…')),
    h('div', { class: 'grid2' },
      h('section', { class: 'panel', 'aria-label': 'Details' }, facts),
      h('section', { class: 'panel', 'aria-label': 'Deals' }, h('h2', {}, 'Deals'),
        deals.length ? h('ul', { class: 'plain' }, deals.map((d) => h('li', {},
          h('a', { href: `/deals/${d.id}`, 'data-link': true }, d.title), ' ',
          h('span', { class: 'badge' }, d.status === 'open' ? humanize(d.step) : d.status), ' ', money(d.value, d.currency))))
          : h('p', { class: 'muted' }, 'No deals.'),
        kind === 'accounts' ? [h('h2', {}, 'Contacts'), contacts.length ? h('ul', { class: 'plain' }, contacts.map((c) => h('li', {},
          h('a', { href: `/contacts/${c.id}`, 'data-link': true }, c.name), c.title ? ` · ${c.title}` : ''))) : h('p', { class: 'muted' }, 'No contacts.')] : null)),
    mergesPanel(kind, id),
    timeline);
}

export async function renderForm(el, kind, id, q, current) {
  const K = KINDS[kind];
  const rec = id ? await get(`/${kind}/${id}`) : {};
  let accounts = [];
  if (K.form.some((f) => f.type === 'account')) {
    accounts = items(await get(`/accounts${qs({ limit: 200, sort: 'name' })}`));
    if (rec.account_id && !accounts.some((a) => a.id === rec.account_id)) {
      const a = await get(`/accounts/${rec.account_id}`).catch(() => null);
      if (a) accounts.unshift(a);
    }
  }
  const customs = await customInputs(await customFields(K.one), rec.custom);
  if (current && !current()) return;
  const title = id ? `Edit ${rec.name}` : `New ${K.one}`;
  document.title = `${title} · Fulcrum`;
  const form = h('form', { class: 'panel', novalidate: true },
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    h('div', { class: 'form-grid' }, K.form.map((f) => {
      if (f.type === 'account')
        return field({ name: f.name, label: f.label, type: 'select', value: rec[f.name] ?? q.get('account_id') ?? '',
          options: [['', '— none —'], ...accounts.map((a) => [String(a.id), a.name])] });
      if (f.type === 'select')
        return field({ ...f, value: rec[f.name] ?? '', options: f.options.map((o) => [o, o === '' ? '— none —' : o]) });
      return field({ ...f, value: rec[f.name] ?? '' });
    }), customs),
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'btn primary' }, id ? 'Save' : `Create ${K.one}`),
      h('a', { class: 'btn', href: id ? `/${kind}/${id}` : `/${kind}`, 'data-link': true }, 'Cancel')));
  // a likely duplicate is shown before anything is saved, with a way on
  const dupSlot = h('div', {});
  let goOn = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    clear(dupSlot);
    const v = formValues(form);
    const custom = customBody(v, id ? rec.custom || {} : undefined);
    const body = custom ? { custom } : {};
    for (const [k, val] of Object.entries(v)) {
      if (val === '' && !id) continue;
      if (val === '') { if (rec[k] !== null && rec[k] !== undefined && rec[k] !== '') body[k] = null; continue; }
      body[k] = numericFields(kind).includes(k) ? Number(val) : val;
      if (id && String(rec[k] ?? '') === String(val)) delete body[k];
    }
    if (goOn && Object.keys(body).length) body.allow_duplicate = true;
    goOn = false;
    try {
      let saved;
      if (id) saved = Object.keys(body).length ? await patch(`/${kind}/${id}`, body, rec.version) : rec;
      else saved = await post(`/${kind}`, body);
      toast(id ? 'Saved' : `${humanize(K.one)} created`);
      state.navigate(`/${kind}/${saved?.id ?? id}`, { replace: true });
    } catch (err) {
      if (!isDuplicate(err)) { showError(form, err); return; }
      dupSlot.append(duplicatesPanel(kind, err, Boolean(id), () => { goOn = true; form.requestSubmit(); }));
      dupSlot.querySelector('a').focus();
    }
  });
  clear(el, h('p', {}, h('a', { href: id ? `/${kind}/${id}` : `/${kind}`, 'data-link': true }, '← Back')), h('h1', {}, title), dupSlot, form);
  form.querySelector('input').focus();
}
