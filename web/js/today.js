// Today: the signed-in user's agenda (SPEC.md §3), best first, each item
// with its reason, the step's guidance and the one action that moves it on.
// Overdue promises to customers stand out.
import { get, post, items } from './api.js';
import { h, clear, fmtDate, toast, humanize } from './ui.js';
import { state } from './state.js';
import { logCall, setNextStep, doCheck, askReferral, moveNextStep, nextStepDone } from './actions.js';
import { peopleLine, declineAsk, disqualifyContact, disqualifyDeal } from './today-actions.js';

const kindKey = (k) => String(k || '').replace(/-/g, '_');

const LABELS = {
  promise: 'Promise due', no_next_step: 'No next step', check: 'Satisfaction check',
  referral_ask: 'Ask for a referral', expansion_ask: 'Look for more', stalled: 'Stalled',
  ready: 'Ready to advance', blocked: 'Blocked', engage: 'Engage',
  missing_person: 'Find the right person', no_fit: 'No fit: disqualify?',
  recovery: 'Recover the customer',
};

function actionsFor(item, refresh) {
  const k = kindKey(item.kind);
  const deal = item.deal_id ? { id: item.deal_id, title: item.title, contact_id: item.contact_id } : null;
  const out = [];
  const btn = (label, fn, primary = true) => out.push(h('button', { type: 'button', class: ['btn small', primary && 'primary'], onclick: fn }, label));
  if (deal) {
    if (k === 'no_next_step') btn('Set the next step', () => setNextStep({ deal, onDone: refresh }));
    else if (k === 'check') btn('Do the check', () => doCheck({ deal, onDone: refresh }));
    else if (k === 'no_fit') btn('Disqualify…', () => disqualifyDeal({ deal, reason: item.disqualify_reason, onDone: refresh }));
    else if (k === 'referral_ask') btn('Ask for a referral', () => askReferral({ deal, onDone: refresh }));
    else if (k === 'ready') {
      btn('Advance', async (ev) => {
        ev.target.disabled = true;
        try {
          await post(`/deals/${deal.id}/advance`, {});
          toast('Deal advanced');
          refresh();
        } catch (err) {
          ev.target.disabled = false;
          toast(err.message);
        }
      });
    } else btn('Log a call', () => logCall({ deal, onDone: refresh }));
    if (k === 'promise') {
      btn('Done', async (ev) => {
        ev.target.disabled = true;
        try { await nextStepDone({ deal, onDone: refresh }); } catch (err) { ev.target.disabled = false; toast(err.message); }
      }, false);
      btn('Move…', () => moveNextStep({ deal, due: item.due, onDone: refresh }), false);
    }
    // an ask is done once made (a recorded referral closes its own)
    if ((k === 'referral_ask' || k === 'expansion_ask') && item.ask_id) {
      btn(k === 'referral_ask' ? 'Asked: no one to refer' : 'Done: looked for more', async (ev) => {
        ev.target.disabled = true;
        try {
          await post(`/asks/${item.ask_id}/done`, {});
          toast('Ask done');
          refresh();
        } catch (err) {
          ev.target.disabled = false;
          toast(err.message);
        }
      }, false);
      btn('Decline…', () => declineAsk({ item: { ...item, kind: k }, onDone: refresh }), false);
    }
    if (k !== 'promise' && k !== 'stalled' && k !== 'blocked' && k !== 'expansion_ask' && k !== 'missing_person')
      btn('Log a call', () => logCall({ deal, onDone: refresh }), false);
    out.push(h('a', { class: 'btn small', href: `/deals/${deal.id}`, 'data-link': true }, 'Open deal'));
  } else if (item.contact_id) {
    const contact = { id: item.contact_id, name: item.title };
    btn(k === 'engage' ? 'Log the first contact' : 'Log a call', () => logCall({ contact, onDone: refresh }));
    if (k === 'engage') btn('Disqualify…', () => disqualifyContact({ contact, onDone: refresh }), false);
    if (k === 'engage') out.push(h('a', { class: 'btn small', href: `/deals/new?contact_id=${item.contact_id}`, 'data-link': true }, 'New deal'));
    out.push(h('a', { class: 'btn small', href: `/contacts/${item.contact_id}`, 'data-link': true }, 'Open contact'));
  }
  return out;
}

// GUIDED holds the steps whose guidance is already shown: a step's
// guidance reads in full once, then folds.
function renderItem(item, refresh, guided) {
  const k = kindKey(item.kind);
  const overdue = k === 'promise' && Number(item.days_overdue) > 0;
  const href = item.deal_id ? `/deals/${item.deal_id}` : item.contact_id ? `/contacts/${item.contact_id}` : null;
  return h('li', { class: ['agenda-item', `kind-${k}`, overdue && 'overdue'], dataset: { kind: k } },
    h('div', { class: 'agenda-head' },
      h('span', { class: ['badge', overdue || k === 'recovery' ? 'bad' : k === 'ready' ? 'good' : (k === 'no_next_step' || k === 'stalled') ? 'warn' : ''] },
        overdue ? `Overdue ${item.days_overdue} day${item.days_overdue === 1 ? '' : 's'}` : (LABELS[k] || humanize(k))),
      href ? h('a', { class: 'agenda-title', href, 'data-link': true }, item.title || `#${item.deal_id || item.contact_id}`)
        : h('span', { class: 'agenda-title' }, item.title || ''),
      item.step ? h('span', { class: 'badge' }, humanize(item.step)) : null,
      item.owner_name ? h('span', { class: 'badge owner' }, h('span', { class: 'sr-only' }, 'Owner: '), item.owner_name) : null,
      item.due ? h('span', { class: 'muted' }, `due ${fmtDate(item.due)}`) : null),
    peopleLine(item),
    h('p', { class: 'agenda-reason' }, item.reason || ''),
    guidance(item, guided),
    item.explain ? h('details', {}, h('summary', {}, `Why here (score ${Math.round(item.score ?? 0)})`),
      h('pre', {}, JSON.stringify(item.explain, null, 2))) : null,
    h('div', { class: 'agenda-actions' }, actionsFor(item, refresh)));
}

// A manager's view of the team: per owner, what the agenda holds that a
// coach looks at first. Items of the signed-in user count as theirs.
function teamSummary(rows) {
  const KINDS = [['promise', 'Overdue promises'], ['no_next_step', 'No next step'], ['stalled', 'Stalled'], ['check', 'Checks due']];
  const per = new Map();
  for (const r of rows) {
    const who = r.owner_name || state.user.name || 'You';
    if (!per.has(who)) per.set(who, Object.fromEntries(KINDS.map(([k]) => [k, 0])));
    const k = kindKey(r.kind);
    if (k === 'promise' ? Number(r.days_overdue) > 0 : k in per.get(who)) per.get(who)[k]++;
  }
  if (per.size < 2) return null;
  const names = [...per.keys()].sort((a, b) => a.localeCompare(b));
  return h('section', { class: 'panel team-summary' },
    h('h2', {}, 'Your team'),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Your team' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'What each person of the team has waiting'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Owner'), KINDS.map(([, l]) => h('th', { scope: 'col', class: 'num' }, l)))),
      h('tbody', {}, names.map((n) => h('tr', {}, h('th', { scope: 'row' }, n),
        KINDS.map(([k]) => h('td', { class: 'num' }, String(per.get(n)[k])))))))));
}

function guidance(item, guided) {
  if (!item.guidance) return null;
  // a recovery's guidance is its own, not its step's
  const key = item.kind === 'recovery' ? 'recovery' : item.step || item.step_name;
  if (guided.has(key)) {
    return h('details', { class: 'agenda-guidance' }, h('summary', {}, `Guidance for ${item.step_name || humanize(key)}`), item.guidance);
  }
  guided.add(key);
  return h('p', { class: 'agenda-guidance' }, h('span', { class: 'sr-only' }, 'Guidance: '), item.guidance);
}

const PAGE = 100;

export async function renderToday(el, q, current) {
  document.title = 'Today · Fulcrum';
  const list = h('ul', { class: 'agenda', 'aria-label': 'Agenda' });
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' }, 'Loading your agenda…');
  const team = h('div', {});
  const more = h('p', {});
  clear(el, h('h1', {}, 'Today'), summary, team, list, more);
  // The agenda is ranked: the first PAGE items, then more on request (one
  // extra item fetched says whether there are more).
  let limit = PAGE;
  const refresh = () => load();
  async function load() {
    const res = await get(`/agenda?explain=true&limit=${Math.min(limit + 1, 1000)}`);
    if (current && !current()) return;
    const all = items(res);
    const rows = all.slice(0, limit);
    const cut = all.length > rows.length;
    const overdue = rows.filter((r) => kindKey(r.kind) === 'promise' && Number(r.days_overdue) > 0).length;
    summary.textContent = rows.length
      ? `${cut ? `The first ${rows.length} of more than ${rows.length}` : rows.length} thing${rows.length === 1 ? '' : 's'} to do${overdue ? `, ${overdue} overdue promise${overdue === 1 ? '' : 's'}` : ''}.`
      : 'Nothing on your agenda. Well done.';
    const guided = new Set();
    clear(list, rows.map((r) => renderItem(r, refresh, guided)));
    clear(more, cut && limit < 1000 ? h('button', { type: 'button', class: 'btn', onclick: () => { limit += PAGE; load(); } }, `Show ${PAGE} more`) : null);
    if (state.isManager()) clear(team, teamSummary(rows));
  }
  await load();
}
