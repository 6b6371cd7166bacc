// Pipeline: the board of open deals, one column per step of the chosen
// process; the follow-up step's column also holds the won deals whose
// follow-up is open. Each column loads its newest deals a page at a time
// from GET /board (so a database of 100,000 deals stays fast), filtered
// on the server (board-filters.js), and shows the step's totals from the
// pipeline report when unfiltered. Dragging a card, or choosing a step in
// its "Move to" list and pressing Move, advances the deal through the API;
// a move back asks first, every move can be undone for a few seconds, and
// a refusal puts the card back and shows why. New deals start at the first
// step: its column and the page's header offer "New deal".
import { get, post, qs, items } from './api.js';
import { h, clear, money, moneyMinor, daysSince, fmtDate, humanize, toast, today } from './ui.js';
import { state, processes, users, userName, ownersInView } from './state.js';
import { filterBar, filtersOf } from './board-filters.js';
import { confirmBack, moveControl } from './board-move.js';
import { offerUndo } from './undo.js';
import { scrollWhileDragging } from './board-scroll.js';
import { exportLink } from './import.js';

const PAGE = 20;

export async function renderPipeline(el, q, current) {
  document.title = 'Pipeline · Fulcrum';
  const [procs, umap] = await Promise.all([processes(), users()]);
  if (current && !current()) return;
  const proc = procs.find((p) => p.key === q.get('process')) || procs.find((p) => p.is_default) || procs[0];
  if (!proc) { clear(el, h('h1', {}, 'Pipeline'), h('p', { class: 'empty' }, 'No process is defined yet.')); return; }
  const owner = q.get('owner') || '';
  const filters = filtersOf(q);
  const filtered = Object.keys(filters).length > 0;

  const procSel = h('select', { id: 'pl-process', name: 'process' },
    procs.map((p) => h('option', { value: p.key, selected: p.key === proc.key }, p.name || p.key)));
  const ownerOpts = [['', 'Everyone I can see'], [String(state.user.id), 'My deals']];
  for (const [id, name] of ownersInView(umap)) if (id !== state.user.id) ownerOpts.push([String(id), name]);
  const ownerSel = h('select', { id: 'pl-owner', name: 'owner' },
    ownerOpts.map(([v, l]) => h('option', { value: v, selected: v === owner }, l)));
  const apply = (f = filters) => {
    const p = new URLSearchParams();
    p.set('process', procSel.value);
    if (ownerSel.value) p.set('owner', ownerSel.value);
    for (const [k, v] of Object.entries(f)) p.set(k, v);
    state.navigate(`/pipeline?${p}`);
  };
  procSel.addEventListener('change', () => apply());
  ownerSel.addEventListener('change', () => apply());

  const board = h('div', { class: 'board', role: 'list', 'aria-label': `${proc.name || proc.key} pipeline` });
  const live = h('p', { class: 'sr-only', 'aria-live': 'assertive' });
  const undoHost = h('div', { class: 'undo-bar', role: 'status', hidden: true });
  clear(el,
    h('div', { class: 'row' },
      h('h1', { class: 'spacer' }, 'Pipeline'),
      h('a', { class: 'btn primary', href: `/deals/new${qs({ process: proc.key })}`, 'data-link': true }, 'New deal'),
      h('div', { class: 'field' }, h('label', { for: 'pl-process' }, 'Process'), procSel),
      h('div', { class: 'field' }, h('label', { for: 'pl-owner' }, 'Owner'), ownerSel),
      h('div', { class: 'field' }, exportLink('deals', 'Export CSV', { status: 'open', owner_id: owner, process_id: proc.id }))),
    filterBar(q, (f) => apply(f)),
    h('p', { class: 'muted' }, 'Drag a deal to another step, or choose a step in its "Move to" list and press Move. Open deals, and won deals while their follow-up is open.'),
    live, undoHost, board);
  scrollWhileDragging(board);

  const steps = proc.steps || [];
  const position = (key) => steps.findIndex((s) => s.key === key);
  const stepName = (key) => { const s = steps.find((x) => x.key === key); return s ? s.name || humanize(s.key) : key; };
  // a deal reaches the follow-up step by being won, not by a move
  const targets = steps.filter((s) => s.phase !== 'follow_up').map((s) => [s.key, s.name || s.key]);
  const cols = new Map();
  for (const step of steps) {
    const list = h('ul', { class: 'cards', 'aria-label': `Deals in ${step.name || step.key}` });
    const total = h('p', { class: 'column-total' }, '\u00a0');
    const count = h('span', { class: 'badge' }, '…');
    const more = h('button', { type: 'button', class: 'btn small more', hidden: true }, 'Show more');
    const col = h('section', { class: 'column', role: 'listitem', dataset: { step: step.key }, 'aria-labelledby': `col-${step.key}` },
      h('div', { class: 'column-head' }, h('h2', { id: `col-${step.key}` }, step.name || humanize(step.key)), count,
        // a deal starts at the first step (R2 holds every later one)
        step === steps[0] ? h('a', { class: 'btn small add-deal', href: `/deals/new${qs({ process: proc.key })}`, 'data-link': true,
          'aria-label': `New deal in ${step.name || step.key}`, title: 'New deal' }, '+') : null),
      total, list, more);
    const c = { step, col, list, total, count, more, cursor: null };
    cols.set(step.key, c);
    board.append(col);
    more.addEventListener('click', () => loadColumn(c));
    col.addEventListener('dragover', (ev) => {
      if (!ev.dataTransfer.types.includes('application/x-fulcrum-deal')) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = 'move';
      col.classList.add('drop');
    });
    col.addEventListener('dragleave', (ev) => { if (!col.contains(ev.relatedTarget)) col.classList.remove('drop'); });
    col.addEventListener('drop', (ev) => {
      ev.preventDefault();
      col.classList.remove('drop');
      const id = ev.dataTransfer.getData('application/x-fulcrum-deal');
      const card = board.querySelector(`.card[data-id="${CSS.escape(id)}"]`);
      if (card) requestMove(card, step.key);
    });
  }

  function card(d) {
    if (d.status === 'won') return wonCard(d);
    const step = steps.find((s) => s.key === d.step);
    const days = daysSince(d.step_entered_at);
    const stalled = step && step.stall_days > 0 && days !== null && days > step.stall_days;
    const ns = d.next_step && typeof d.next_step === 'object' ? d.next_step : null;
    const noNext = !d.next_step_id && !ns;
    const overdue = ns && ns.due && String(ns.due).slice(0, 10) < today();
    const err = h('p', { class: 'card-error', role: 'alert', hidden: true });
    const li = h('li', {
      class: ['card', stalled && 'stalled', noNext && 'no-next'], draggable: 'true',
      dataset: { id: String(d.id), step: d.step },
    },
    h('a', { class: 'card-title', href: `/deals/${d.id}`, 'data-link': true, draggable: 'false' }, d.title),
    h('div', { class: 'card-meta' },
      h('span', {}, money(d.value, d.currency)),
      h('span', {}, userName(umap, d.owner_id)),
      days !== null ? h('span', {}, `${days} day${days === 1 ? '' : 's'} in step`) : null),
    h('div', { class: 'card-meta' },
      stalled ? h('span', { class: 'badge warn' }, 'Stalled') : null,
      noNext ? h('span', { class: 'badge bad' }, 'No next step')
        : ns ? h('span', { class: overdue ? 'overdue' : undefined }, `Next: ${ns.what}${ns.due ? ` (${overdue ? 'overdue since ' : ''}${fmtDate(ns.due)})` : ''}`)
          : h('span', { class: 'badge good' }, 'Next step set')),
    err,
    moveControl(d, targets.filter(([k]) => k !== d.step), (to) => requestMove(li, to)));
    li.addEventListener('dragstart', (ev) => {
      ev.dataTransfer.setData('application/x-fulcrum-deal', String(d.id));
      ev.dataTransfer.setData('text/plain', d.title);
      ev.dataTransfer.effectAllowed = 'move';
      li.classList.add('dragging');
    });
    li.addEventListener('dragend', () => li.classList.remove('dragging'));
    li.deal = d;
    return li;
  }

  // A won deal in the follow-up column: the check and the asks still open.
  function wonCard(d) {
    const f = d.follow_up || {};
    const checkLate = f.check_due && f.check_due < today();
    const li = h('li', { class: 'card won', dataset: { id: String(d.id), step: d.step } },
      h('a', { class: 'card-title', href: `/deals/${d.id}`, 'data-link': true }, d.title),
      h('div', { class: 'card-meta' },
        h('span', {}, money(d.value, d.currency)),
        h('span', {}, userName(umap, d.owner_id)),
        h('span', { class: 'badge good' }, 'Won')),
      h('div', { class: 'card-meta' },
        f.check_due ? h('span', { class: checkLate ? 'overdue' : undefined }, `Check due ${fmtDate(f.check_due)}`) : null,
        f.asks_open ? h('span', {}, `${f.asks_open} ask${f.asks_open === 1 ? '' : 's'} waiting`) : null));
    li.deal = d;
    return li;
  }

  // A move the user asked for: a move back is confirmed first; every
  // move done can be undone for a few seconds.
  async function requestMove(li, to) {
    const from = li.dataset.step;
    if (to === from || li.classList.contains('busy')) return;
    if (position(to) < position(from) && !(await confirmBack(li.deal.title, stepName(to)))) {
      li.querySelector('select')?.focus();
      return;
    }
    const moved = await move(li, to);
    if (!moved) return;
    offerUndo(undoHost, `${moved.deal.title} moved to ${stepName(to)}.`, async () => {
      const back = await move(moved, from, true);
      if (!back) throw new Error(moved.querySelector('.card-error')?.textContent || 'refused');
      return `${back.deal.title} is back in ${stepName(from)}.`;
    });
  }

  // Moves card LI to step TO through the API; the fresh card, or null
  // when refused (the card back where it was, with the reason).
  async function move(li, to, quiet = false) {
    const from = li.dataset.step;
    const err = li.querySelector('.card-error');
    const sel = li.querySelector('select');
    if (to === from || li.classList.contains('busy')) { sel.value = ''; return null; }
    const home = li.parentElement;
    const next = li.nextSibling;
    const target = cols.get(to);
    err.hidden = true;
    err.textContent = '';
    target.list.prepend(li);
    li.classList.add('busy');
    li.setAttribute('aria-busy', 'true');
    try {
      await post(`/deals/${li.dataset.id}/advance`, { to });
      li.dataset.step = to;
      li.deal.step = to;
      li.deal.step_entered_at = new Date().toISOString();
      const fresh = card(li.deal);
      li.replaceWith(fresh);
      live.textContent = `${li.deal.title} moved to ${target.step.name || to}.`;
      if (!quiet) toast(`Moved to ${target.step.name || to}`);
      refreshTotals();
      fresh.querySelector('.card-title').focus();
      return fresh;
    } catch (e) {
      // Snap back to where it was and say which rule refused the move.
      home.insertBefore(li, next && next.parentElement === home ? next : null);
      err.textContent = e.rule ? `${e.message}` : e.message;
      err.dataset.rule = e.rule || '';
      err.hidden = false;
      live.textContent = `Not moved: ${e.message}`;
      sel.value = '';
      sel.dispatchEvent(new Event('change'));	// Move waits for a new choice
      sel.focus();
      return null;
    } finally {
      li.classList.remove('busy');
      li.removeAttribute('aria-busy');
    }
  }

  async function loadColumn(c) {
    c.more.disabled = true;
    const res = await get(`/board${qs({
      process: proc.key, step: c.step.key, owner_id: owner, ...filters,
      limit: PAGE, cursor: c.cursor,
    })}`);
    if (current && !current()) return;
    const deals = items(res);
    await attachNextSteps(deals);
    if (current && !current()) return;
    for (const d of deals) c.list.append(card(d));
    c.cursor = res?.next_cursor || null;
    c.total_count = res?.count ?? null;
    c.more.hidden = !c.cursor;
    c.more.disabled = false;
    if (!c.list.children.length && !c.cursor) c.list.setAttribute('data-empty', '1');
  }

  // One request per page of cards gives each its agreed next step.
  async function attachNextSteps(deals) {
    const ids = deals.map((d) => d.next_step_id).filter(Boolean);
    if (!ids.length) return;
    const p = new URLSearchParams();
    for (const i of ids) p.append('id', String(i));
    p.set('limit', String(ids.length));
    const byId = new Map(items(await get(`/next-steps?${p}`)).map((n) => [n.id, n]));
    for (const d of deals) if (byId.has(d.next_step_id)) d.next_step = byId.get(d.next_step_id);
  }

  async function refreshTotals() {
    let rows = [];
    let currency; // the report's base currency
    try {
      const rep = await get(`/reports/pipeline${qs({ process: proc.key, owner })}`);
      rows = rep?.rows || [];
      currency = rep?.currency;
    } catch (e) {
      rows = null;
    }
    for (const c of cols.values()) {
      if (filtered || c.step.phase === 'follow_up') {
        // the column's own count: the report knows neither the filters
        // nor the won deals still followed up
        const n = c.total_count ?? c.list.children.length;
        c.count.textContent = String(n);
        c.count.setAttribute('aria-label', `${n} deal${n === 1 ? '' : 's'}`);
        c.total.textContent = filtered ? 'filtered' : '\u00a0';
        continue;
      }
      // Report rows count deals and sum values in minor units of the base
      // currency (exact sums).
      const r = rows && rows.find((x) => (x.process ?? proc.key) === proc.key && x.step === c.step.key);
      if (r) {
        const n = r.deals ?? 0;
        c.count.textContent = String(n);
        c.count.setAttribute('aria-label', `${n} deal${n === 1 ? '' : 's'}`);
        clear(c.total, moneyMinor(r.value_minor, currency), h('br'), `weighted ${moneyMinor(r.weighted_minor, currency)}`);
      } else {
        const n = c.list.children.length;
        c.count.textContent = `${n}${c.cursor ? '+' : ''}`;
        // without the report no rates convert: a sum per currency, never
        // one currency added to another
        const sums = new Map();
        for (const li of c.list.children) {
          const cur = li.deal?.currency || 'USD';
          sums.set(cur, (sums.get(cur) || 0) + Number(li.deal?.value_minor || 0));
        }
        c.total.textContent = `${[...sums].map(([cur, m]) => moneyMinor(m, cur)).join(', ')}${c.cursor ? '+' : ''}`;
      }
    }
  }

  // every column's answer before the page says it is drawn (or refused):
  // a refusal must not leave the other columns' requests in flight
  const loaded = await Promise.allSettled([...cols.values()].map(loadColumn));
  const refused = loaded.find((r) => r.status === 'rejected');
  if (refused) throw refused.reason;
  await refreshTotals();
}
