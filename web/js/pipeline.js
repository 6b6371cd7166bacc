// Pipeline: the board of open deals, one column per step of the chosen
// process. Each column loads its most recent deals a page at a time (so a
// database of 100,000 deals stays fast) and shows the step's totals from
// the pipeline report. Dragging a card, or its "Move to" control, advances
// the deal through the API; a refusal puts the card back and shows why.
import { get, post, qs, items } from './api.js';
import { h, clear, money, daysSince, fmtDate, humanize, toast, today } from './ui.js';
import { state, processes, users, userName, ownersInView } from './state.js';
import { exportLink } from './import.js';

const PAGE = 20;

export async function renderPipeline(el, q, current) {
  document.title = 'Pipeline · Fulcrum';
  const [procs, umap] = await Promise.all([processes(), users()]);
  if (current && !current()) return;
  const proc = procs.find((p) => p.key === q.get('process')) || procs.find((p) => p.is_default) || procs[0];
  if (!proc) { clear(el, h('h1', {}, 'Pipeline'), h('p', { class: 'empty' }, 'No process is defined yet.')); return; }
  const owner = q.get('owner') || '';

  const procSel = h('select', { id: 'pl-process', name: 'process' },
    procs.map((p) => h('option', { value: p.key, selected: p.key === proc.key }, p.name || p.key)));
  const ownerOpts = [['', 'Everyone I can see'], [String(state.user.id), 'My deals']];
  for (const [id, name] of ownersInView(umap)) if (id !== state.user.id) ownerOpts.push([String(id), name]);
  const ownerSel = h('select', { id: 'pl-owner', name: 'owner' },
    ownerOpts.map(([v, l]) => h('option', { value: v, selected: v === owner }, l)));
  const apply = () => {
    const p = new URLSearchParams();
    p.set('process', procSel.value);
    if (ownerSel.value) p.set('owner', ownerSel.value);
    state.navigate(`/pipeline?${p}`);
  };
  procSel.addEventListener('change', apply);
  ownerSel.addEventListener('change', apply);

  const board = h('div', { class: 'board', role: 'list', 'aria-label': `${proc.name || proc.key} pipeline` });
  const live = h('p', { class: 'sr-only', 'aria-live': 'assertive' });
  clear(el,
    h('div', { class: 'row' },
      h('h1', { class: 'spacer' }, 'Pipeline'),
      h('div', { class: 'field' }, h('label', { for: 'pl-process' }, 'Process'), procSel),
      h('div', { class: 'field' }, h('label', { for: 'pl-owner' }, 'Owner'), ownerSel),
      h('div', { class: 'field' }, exportLink('deals', 'Export CSV', { status: 'open', owner_id: owner, process_id: proc.id }))),
    h('p', { class: 'muted' }, 'Drag a deal to another step, or use its "Move to" control. Open deals only.'),
    live, board);

  const steps = proc.steps || [];
  const cols = new Map();
  for (const step of steps) {
    const list = h('ul', { class: 'cards', 'aria-label': `Deals in ${step.name || step.key}` });
    const total = h('p', { class: 'column-total' }, '\u00a0');
    const count = h('span', { class: 'badge' }, '…');
    const more = h('button', { type: 'button', class: 'btn small more', hidden: true }, 'Show more');
    const col = h('section', { class: 'column', role: 'listitem', dataset: { step: step.key }, 'aria-labelledby': `col-${step.key}` },
      h('div', { class: 'column-head' }, h('h2', { id: `col-${step.key}` }, step.name || humanize(step.key)), count),
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
      if (card) move(card, step.key);
    });
  }

  function card(d) {
    const step = steps.find((s) => s.key === d.step);
    const days = daysSince(d.step_entered_at);
    const stalled = step && step.stall_days > 0 && days !== null && days > step.stall_days;
    const ns = d.next_step && typeof d.next_step === 'object' ? d.next_step : null;
    const noNext = !d.next_step_id && !ns;
    const overdue = ns && ns.due && String(ns.due).slice(0, 10) < today();
    const err = h('p', { class: 'card-error', role: 'alert', hidden: true });
    const moveSel = h('select', { id: `mv-${d.id}`, 'aria-label': `Move ${d.title} to step` },
      h('option', { value: '' }, 'Move to…'),
      steps.filter((s) => s.key !== d.step).map((s) => h('option', { value: s.key }, s.name || s.key)));
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
    h('div', { class: 'card-move' }, moveSel));
    li.addEventListener('dragstart', (ev) => {
      ev.dataTransfer.setData('application/x-fulcrum-deal', String(d.id));
      ev.dataTransfer.setData('text/plain', d.title);
      ev.dataTransfer.effectAllowed = 'move';
      li.classList.add('dragging');
    });
    li.addEventListener('dragend', () => li.classList.remove('dragging'));
    moveSel.addEventListener('change', () => { if (moveSel.value) move(li, moveSel.value); });
    li.deal = d;
    return li;
  }

  async function move(li, to) {
    const from = li.dataset.step;
    const err = li.querySelector('.card-error');
    const sel = li.querySelector('select');
    if (to === from || li.classList.contains('busy')) { sel.value = ''; return; }
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
      toast(`Moved to ${target.step.name || to}`);
      refreshTotals();
      fresh.querySelector('.card-title').focus();
    } catch (e) {
      // Snap back to where it was and say which rule refused the move.
      home.insertBefore(li, next && next.parentElement === home ? next : null);
      err.textContent = e.rule ? `${e.message}` : e.message;
      err.dataset.rule = e.rule || '';
      err.hidden = false;
      live.textContent = `Not moved: ${e.message}`;
      sel.value = '';
      sel.focus();
    } finally {
      li.classList.remove('busy');
      li.removeAttribute('aria-busy');
    }
  }

  async function loadColumn(c) {
    c.more.disabled = true;
    const res = await get(`/deals${qs({
      process_id: proc.id, step: c.step.key, status: 'open', owner_id: owner,
      limit: PAGE, sort: '-id', cursor: c.cursor,
    })}`);
    if (current && !current()) return;
    const deals = items(res);
    await attachNextSteps(deals);
    if (current && !current()) return;
    for (const d of deals) c.list.append(card(d));
    c.cursor = res?.next_cursor || null;
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
      // Report rows count deals and sum values in cents (exact sums).
      const r = rows && rows.find((x) => (x.process ?? proc.key) === proc.key && x.step === c.step.key);
      if (r) {
        const n = r.deals ?? 0;
        c.count.textContent = String(n);
        c.count.setAttribute('aria-label', `${n} deal${n === 1 ? '' : 's'}`);
        clear(c.total, money((r.value_cents ?? 0) / 100, currency), h('br'), `weighted ${money((r.weighted_cents ?? 0) / 100, currency)}`);
      } else {
        const n = c.list.children.length;
        c.count.textContent = `${n}${c.cursor ? '+' : ''}`;
        let sum = 0;
        for (const li of c.list.children) sum += Number(li.deal?.value || 0);
        c.total.textContent = `${money(sum)}${c.cursor ? '+' : ''}`;
      }
    }
  }

  await Promise.all([...cols.values()].map(loadColumn));
  await refreshTotals();
}
