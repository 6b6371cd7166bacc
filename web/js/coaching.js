// The coaching page a manager opens before a one-to-one (docs/reports.md,
// coaching): pick a rep, read where their deals stop beside the team's,
// the habits behind it, and the step where they lose most with its
// guidance. A rep sees their own page only; the server decides who is seen.
import { get, qs } from './api.js';
import { h, clear, humanize, num, pct } from './ui.js';
import { state, users, ownersInView } from './state.js';

const HABITS = {
  agreement_rate: 'Talks ending in an agreement or an honest no',
  next_step_coverage: 'Open deals with a next step',
  forced_moves: 'Moves forced past the exit criteria',
  wants_before_present: 'Wants recorded before presenting',
  checks_done: 'Satisfaction checks done',
};

// "62% (41–79%)": a rate with its 95% interval.
function rateWith(v, low, high) {
  if (v === null || v === undefined) return '–';
  return low === null || low === undefined ? pct(v) : `${pct(v)} (${pct(low)}–${pct(high)})`;
}

const days = (v) => (v === null || v === undefined ? '–' : `${num(v, 1)} d`);

function stepTable(name, rows) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Steps of ${name}` },
    h('table', { class: 'report-table coaching-steps' },
      h('caption', {}, `Where ${name}'s deals stop, beside the team`),
      h('thead', {}, h('tr', {}, ['Step', 'Deals entered', 'Moved on (95% interval)', 'Team', 'Median days', 'Team'].map((t, i) =>
        h('th', { scope: 'col', class: i ? 'num' : undefined }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', { class: r.weakest ? 'weakest' : undefined, 'aria-current': r.weakest ? 'true' : undefined },
        h('th', { scope: 'row' }, r.name, r.weakest ? h('span', { class: 'badge bad' }, ' loses most here') : null),
        h('td', { class: 'num' }, String(r.entered), r.small ? h('span', { class: 'muted', title: 'few deals: read the interval' }, ' (few)') : null),
        h('td', { class: 'num' }, rateWith(r.conversion, r.conversion_low, r.conversion_high)),
        h('td', { class: 'num' }, rateWith(r.team_conversion)),
        h('td', { class: 'num' }, days(r.median_days)),
        h('td', { class: 'num' }, days(r.team_median_days)))))));
}

function habitTable(name, rows) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Habits of ${name}` },
    h('table', { class: 'report-table coaching-habits' },
      h('caption', {}, `${name}'s habits, beside the team`),
      h('thead', {}, h('tr', {}, ['Habit', name, 'Of', 'Team'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {},
        h('th', { scope: 'row' }, HABITS[r.habit] || humanize(r.habit)),
        h('td', { class: 'num' }, rateWith(r.share, r.share_low, r.share_high)),
        h('td', { class: 'num' }, `${r.count} of ${r.of}`),
        h('td', { class: 'num' }, rateWith(r.team_share)))))));
}

function weakestPanel(name, w) {
  if (!w) return h('section', { class: 'panel coaching-weakest', 'aria-label': 'Where they lose most' },
    h('h2', {}, 'Where they lose most'), h('p', {}, `${name} moves deals on at or above the team's rate at every step.`));
  return h('section', { class: 'panel coaching-weakest', 'aria-label': 'Where they lose most' },
    h('h2', {}, `Where ${name} loses most: ${w.name}`),
    h('p', {}, `${pct(w.conversion)} of their deals move on from ${w.name}, against ${pct(w.team_conversion)} for the team.`),
    h('h3', {}, 'The guidance for this step'),
    h('blockquote', { class: 'guidance' }, w.guidance));
}

export async function renderCoaching(el, q, current) {
  document.title = 'Coaching · Fulcrum';
  const umap = await users();
  if (current && !current()) return;
  const me = state.user;
  const reps = me.role === 'rep' ? [[me.id, me.name || me.email]] : ownersInView(umap);
  const owner = q.get('owner') || String(me.role === 'rep' ? me.id : reps[0]?.[0] ?? '');
  const picker = h('form', { class: 'row panel' },
    h('div', { class: 'field' }, h('label', { for: 'co-owner' }, 'Rep'),
      h('select', { id: 'co-owner', name: 'owner', onchange: (ev) => state.navigate(`/reports/coaching${qs({ owner: ev.target.value })}`) },
        reps.map(([id, name]) => h('option', { value: String(id), selected: String(id) === owner }, name)))));
  const body = h('div', { class: 'report-body', 'aria-live': 'polite' });
  clear(el, h('h1', {}, 'Coaching'),
    h('p', {}, h('a', { href: '/reports/pipeline', 'data-link': true }, 'All reports')),
    picker, body);
  if (!owner) { clear(body, h('p', { class: 'empty' }, 'No rep to coach.')); return; }
  const rep = await get(`/reports/coaching${qs({ owner })}`);
  if (current && !current()) return;
  const rows = rep.rows.filter((r) => String(r.owner_id) === owner);
  const name = rows[0]?.owner_name || umap.get(Number(owner))?.name || 'this rep';
  if (!rows.length) { clear(body, h('p', { class: 'empty' }, `No deals of ${name} yet.`)); return; }
  const w = rep.weakest.find((x) => String(x.owner_id) === owner);
  clear(body, weakestPanel(name, w), stepTable(name, rows),
    habitTable(name, rep.habits.filter((r) => String(r.owner_id) === owner)));
}
