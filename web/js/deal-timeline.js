// A deal's timeline: its calls and everything its history records (R6),
// newest first, each line saying what happened in words: the step moves,
// the next steps agreed, kept and moved, wants and fits added or changed,
// stakeholders, line items and proposals, checks with their score and
// notes, referrals, edits.
import { h, fmtTime, fmtDate, humanize, money, moneyMinor } from './ui.js';

const FIELD_LABEL = { title: 'title', value_minor: 'value', currency: 'currency', close_date: 'close date',
  contact_id: 'contact', owner_id: 'owner', account_id: 'account', importance: 'importance', text: 'text', kind: 'kind',
  how: 'how', offering_id: 'offering', what: 'what', due: 'due', type: 'type', status: 'status',
  quantity: 'quantity', unit_price_minor: 'unit price', discount: 'discount %' };

// What changed in an update {before, after}, in words.
function changes(data, names) {
  const before = data?.before || {};
  const after = data?.after || {};
  return Object.keys(after).filter((k) => k !== 'updated_at' && k !== 'version').map((k) => {
    const show = (v) => {
      if (v === null || v === undefined || v === '') return '–';
      if (k === 'value_minor' || k === 'unit_price_minor') return moneyMinor(Number(v), after.currency || before.currency || names.currency);
      if (k === 'owner_id') return names.user(v);
      if (k === 'contact_id') return names.contact(v);
      if (k === 'offering_id') return names.offering(v);
      if (k === 'close_date' || k === 'due') return fmtDate(v);
      return String(v);
    };
    return `${FIELD_LABEL[k] || humanize(k)} ${show(before[k])} → ${show(after[k])}`;
  }).join('; ');
}

// [what happened, detail] for one history event.
function describe(e, names) {
  const d = e.data || {};
  const step = (k) => (k ? names.step(k) : '–');
  switch (`${e.entity || 'deal'}:${e.action}`) {
    case 'deal:create': return ['Deal created', `in ${step(e.to_step)}${d.value_minor !== undefined ? `, ${moneyMinor(d.value_minor, d.currency)}` : ''}`];
    case 'deal:advance': return ['Moved', `${step(e.from_step)} → ${step(e.to_step)}`];
    case 'deal:force': return ['Moved by force', `${step(e.from_step)} → ${step(e.to_step)}`];
    case 'deal:won': return ['Won', d.delivered ? `delivered ${fmtDate(d.delivered)}` : ''];
    case 'deal:lost': return ['Lost', ''];
    case 'deal:disqualified': return ['Disqualified', `${humanize(e.reason || '')}${d.note ? `: ${d.note}` : ''}`];
    case 'deal:reopen': return ['Reopened', `back to ${step(e.to_step)}`];
    case 'deal:update': return ['Deal edited', changes(d, names)];
    case 'deal:stakeholder': return ['Stakeholder', `${names.contact(d.contact_id)}, ${humanize(d.role)}`];
    case 'deal:stakeholder_removed': return ['Stakeholder removed', names.contact(d.contact_id)];
    case 'deal:check': return ['Satisfaction check', `score ${d.score} of 5${d.notes ? `: ${d.notes}` : ''}`];
    case 'deal:delivered': return ['Delivered again', `${fmtDate(d.delivered_on)}, check due ${fmtDate(d.check_due)}`];
    case 'deal:referral': return ['Came from a referral', `by ${names.contact(d.from_contact_id)}`];
    case 'deal:next_step_moved': return ['Next step moved', `"${d.what}": ${fmtDate(d.from)} → ${fmtDate(d.to)}`];
    case 'deal:next_step_done': return ['Next step done', d.what ? `"${d.what}"` : ''];
    case 'next_step:missed': return ['Promise missed', `"${d.what}", due ${fmtDate(d.due)}: still open after ${d.grace_days} grace day${d.grace_days === 1 ? '' : 's'}`];
    case 'next_step:create': return ['Next step agreed', `"${d.what}"${d.due ? `, by ${fmtDate(d.due)}` : ''}${d.type ? ` (${d.type})` : ''}`];
    case 'want:create': return [`Want added (${d.kind || 'want'})`, `"${d.text}"${d.importance ? `, importance ${d.importance}` : ''}`];
    case 'want:update': return ['Want changed', changes(d, names)];
    case 'want:delete': return ['Want removed', ''];
    case 'fit:create': return ['Fit added', `${names.offering(d.offering_id)}: ${d.how || ''}`];
    case 'fit:update': return ['Fit changed', changes(d, names)];
    case 'fit:delete': return ['Fit removed', ''];
    case 'line_item:create': return ['Line item added', `${names.offering(d.offering_id)}: ${d.quantity ?? 1} × ${moneyMinor(d.unit_price_minor, d.currency)}${d.discount ? `, ${d.discount}% off` : ''}`];
    case 'line_item:update': return ['Line item changed', changes(d, names)];
    case 'deal:line_item_removed': return ['Line item removed', `${names.offering(d.offering_id)}: ${moneyMinor(d.total_minor, names.currency)}`];
    case 'deal:proposal': return [`Proposal v${d.number} built`, moneyMinor(d.total_minor, d.currency)];
    case 'deal:proposal_sent': return [`Proposal v${d.number} sent`, ''];
    case 'referral:create': return ['Referral given', names.contact(d.contact_id)];
    case 'referral:update': return ['Referral changed', changes(d, names)];
    default: return [humanize(e.action), e.from_step || e.to_step ? `${step(e.from_step)} → ${step(e.to_step)}` : ''];
  }
}

// INTERACTIONS as the deal lists them, HIST the deal's history (calls are
// shown from the interactions, which say whether something was agreed).
export function timelineList(interactions, hist, names) {
  const events = [
    ...interactions.map((i) => ({ at: i.at || i.created_at, node: h('li', {},
      h('time', { datetime: i.at || i.created_at }, fmtTime(i.at || i.created_at)), ' ',
      h('strong', {}, humanize(i.kind)), ' ',
      i.purpose ? [h('span', { class: 'purpose' }, i.purpose), ' '] : null,
      i.agreement_type === 'order' ? h('span', { class: 'badge good' }, 'order') : i.agreement === true || i.agreement === 1 ? h('span', { class: 'badge good' }, 'agreement') : i.agreement === false || i.agreement === 0 ? h('span', { class: 'badge warn' }, 'no agreement') : null,
      i.planned === false || i.planned === 0 ? [' ', h('span', { class: 'badge' }, 'reactive')] : null,
      i.notes ? h('p', {}, i.notes) : null) })),
    ...hist.filter((e) => e.entity !== 'interaction').map((e) => {
      const [what, detail] = describe(e, names);
      return { at: e.at, node: h('li', { class: 'history', dataset: { action: `${e.entity || 'deal'}:${e.action}` } },
        h('time', { datetime: e.at }, fmtTime(e.at)), ' ',
        h('strong', {}, what), detail ? ` ${detail}` : '',
        e.actor ? h('span', { class: 'muted' }, ` by ${e.actor}`) : null,
        e.reason ? h('p', { class: 'muted' }, e.reason) : null) };
    }),
  ].map((e, n) => ({ ...e, n, t: Date.parse(e.at) || 0 }))
    .sort((a, b) => b.t - a.t || b.n - a.n);
  return events.length ? h('ol', { class: 'timeline', reversed: true }, events.map((e) => e.node)) : h('p', { class: 'muted' }, 'Nothing yet.');
}
