// Reports (SPEC.md §4) as charts, each with the table of its numbers:
// pipeline, funnel with conversion, velocity, win rate, agreement rate over
// time, discipline, follow-up and forecast. Filters: process, owner, period.
import { get, qs } from './api.js';
import { h, clear, humanize, money, num, pct } from './ui.js';
import { state, processes, reportList, users, ownersInView } from './state.js';
import { barChart, lineChart } from './charts.js';

const INTERNAL = new Set(['id', 'position', 'process', 'process_key']);
const LABEL_KEYS = ['step_name', 'name', 'period', 'month', 'week', 'day', 'step', 'user', 'owner', 'reason', 'lost_reason', 'process', 'key'];
const MONEY = /(^|_)(cents|value|revenue|expected|weighted|amount)($|_)/;
const RATE = /(rate|conversion|share|ratio|pct|percent|probability|coverage|compliance)/;

function isNum(v) { return typeof v === 'number' || (typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) && /^-?[\d.]+$/.test(v)); }

// The currency of the report shown: its base currency (docs/money.md).
let reportCurrency = 'USD';

function cell(k, v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  if (isNum(v)) {
    if (k === 'probability') return pct(v, true);
    if (RATE.test(k)) return pct(v);
    // Report money is integer cents (docs/reports.md).
    if (MONEY.test(k)) return money(/_cents$/.test(k) ? Number(v) / 100 : v, reportCurrency);
    return num(v, 1);
  }
  return humanize(v) === v ? v : String(v);
}

// A column's heading: money is shown in units, so "value_cents" is "Value".
function heading(k) { return humanize(k.replace(/_cents$/, '')); }

export async function renderReports(el, name, q, current) {
  // The list of reports and what each charts comes from the server
  // (GET /api/v1/reports): a report added there appears here.
  const [defs, procs, umap] = await Promise.all([reportList(), processes(), users()]);
  if (current && !current()) return;
  const def = defs.find((r) => r.name === name) || defs[0];
  document.title = `${def.title} report · Fulcrum`;
  const params = { process: q.get('process') || '', owner: q.get('owner') || '', from: q.get('from') || '', to: q.get('to') || '' };
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Reports' }, defs.map((r) =>
    h('a', { href: `/reports/${r.name}${qs(params)}`, 'data-link': true, 'aria-current': r.name === def.name ? 'page' : undefined, title: r.summary }, r.title)));
  const filters = h('form', { class: 'row panel' },
    h('div', { class: 'field' }, h('label', { for: 'rp-process' }, 'Process'),
      h('select', { id: 'rp-process', name: 'process' }, h('option', { value: '' }, 'All processes'),
        procs.map((p) => h('option', { value: p.key, selected: p.key === params.process }, p.name || p.key)))),
    h('div', { class: 'field' }, h('label', { for: 'rp-owner' }, 'Owner'),
      h('select', { id: 'rp-owner', name: 'owner' }, h('option', { value: '' }, 'Everyone I can see'),
        ownersInView(umap).map(([id, name]) => h('option', { value: String(id), selected: String(id) === params.owner }, name)))),
    h('div', { class: 'field' }, h('label', { for: 'rp-from' }, 'From'), h('input', { type: 'date', id: 'rp-from', name: 'from', value: params.from })),
    h('div', { class: 'field' }, h('label', { for: 'rp-to' }, 'To'), h('input', { type: 'date', id: 'rp-to', name: 'to', value: params.to })),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn' }, 'Apply')));
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(filters);
    state.navigate(`/reports/${def.name}${qs(Object.fromEntries(f.entries()))}`);
  });
  const body = h('div', { class: 'report-body' }, h('div', { class: 'chart' }));
  clear(el, h('h1', {}, 'Reports'), tabs, filters, body);
  const rep = await get(`/reports/${def.name}${qs(params)}`);
  if (current && !current()) return;
  reportCurrency = rep?.currency || 'USD';
  // Deals of a currency without an exchange rate are not in the figures:
  // say so, with their own sums (Settings → Currencies adds rates).
  const apart = Array.isArray(rep?.unconverted) && rep.unconverted.length
    ? h('div', { class: 'panel', role: 'note' }, h('h3', {}, `Not converted to ${reportCurrency} (no exchange rate)`),
      h('ul', {}, rep.unconverted.map((u) => h('li', {},
        `${u.deals} deal${u.deals === 1 ? '' : 's'}, ${money(u.value_cents / 100, u.currency)}`))))
    : null;
  // A timeline report (the agreement rate) is charted over time: the rows
  // of its extra array (months), not its owners.
  const timeline = def.timeline && Array.isArray(rep?.[def.extra]) && rep[def.extra].length;
  const rows = timeline ? rep[def.extra] : Array.isArray(rep?.rows) ? rep.rows : [];
  if (!rows.length) { clear(body, h('h2', {}, def.title), h('p', { class: 'empty' }, 'No data for these filters.'), apart); return; }
  // Ids, the process's key and a step's position are for machines; a step
  // shows by its name where the report gives one.
  const all = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const keys = all.filter((k) => !k.endsWith('_id') && !INTERNAL.has(k) && !(k === 'step' && all.includes('step_name')));
  const labelKey = LABEL_KEYS.find((k) => rows.some((r) => typeof r[k] === 'string')) || keys.find((k) => rows.some((r) => typeof r[k] === 'string')) || keys[0];
  const numKeys = keys.filter((k) => k !== labelKey && rows.every((r) => r[k] === null || r[k] === undefined || isNum(r[k])));
  let series = [];
  for (const k of timeline ? [def.series[0]] : def.series) {
    if (numKeys.includes(k)) series.push({ key: k, name: heading(k) });
  }
  if (!series.length && numKeys.length) series = [{ key: numKeys[0], name: humanize(numKeys[0]) }];
  // Money and counts do not share an axis: chart the second series only
  // when it is of the same kind as the first.
  if (series.length === 2 && MONEY.test(series[0].key) !== MONEY.test(series[1].key)) series = [series[0]];
  if (series.length === 2 && RATE.test(series[0].key) !== RATE.test(series[1].key)) series = [series[0]];
  // Owners by name where this user may see names, else as the report says.
  const labels = rows.map((r) => String((labelKey === 'owner' && umap.get(r.owner_id)?.name) || r[labelKey] || ''));
  const data = series.map((x) => ({ name: x.name, values: rows.map((r) => {
    const v = (Number(r[x.key]) || 0) / (/_cents$/.test(x.key) ? 100 : 1);
    return RATE.test(x.key) && x.key !== 'probability' ? v * 100 : v;
  }) }));
  const chartTitle = `${def.title}: ${series.map((x) => x.name).join(' and ')} by ${humanize(labelKey).toLowerCase()}`;
  const chart = series.length ? (timeline && rows.length > 1 ? lineChart(chartTitle, labels, data) : barChart(chartTitle, labels, data)) : null;
  const cols = [labelKey, ...keys.filter((k) => k !== labelKey)];
  // focusable: on a phone the table scrolls sideways in its box, by keyboard too
  const table = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${def.title} table` }, h('table', { class: 'report-table' },
    h('caption', { class: 'sr-only' }, `${def.title} report`),
    h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col', class: numKeys.includes(k) ? 'num' : undefined }, heading(k))))),
    h('tbody', {}, rows.map((r) => h('tr', {}, cols.map((k, i) => (i === 0 ? h('th', { scope: 'row' }, cell(k, r[k])) : h('td', { class: numKeys.includes(k) ? 'num' : undefined }, cell(k, r[k]))))))),
    rep.totals && typeof rep.totals === 'object' ? h('tfoot', {}, h('tr', {}, cols.map((k, i) => (i === 0 ? h('th', { scope: 'row' }, 'Total')
      : h('td', { class: 'num' }, k in rep.totals ? cell(k, rep.totals[k]) : ''))))) : null));
  const extra = rep.totals ? Object.entries(rep.totals).filter(([k]) => !cols.includes(k)) : [];
  clear(body, h('h2', {}, def.title), chart, table,
    extra.length ? h('dl', { class: 'kv panel' }, extra.map(([k, v]) => [h('dt', {}, heading(k)), h('dd', {}, cell(k, v))])) : null,
    apart);
}
