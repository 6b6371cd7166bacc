// The dialogs behind the one-click actions of Today, the board and the deal
// page: log a call (with what was agreed, or that nothing was), set the next
// step, mark it done or move it, record the satisfaction check, ask for a
// referral, win and lose.
import { post, put, get } from './api.js';
import { h, field, dialog, today, toast } from './ui.js';

export const STEP_TYPES = ['appointment', 'demo', 'trial', 'evaluation', 'committee', 'proposal', 'order', 'follow-up', 'other'];
const KINDS = ['call', 'meeting', 'email', 'visit', 'web'];

export function nextStepFields(prefix = '') {
  return [
    field({ name: `${prefix}what`, label: 'Next step: what was agreed', required: true, attrs: { maxlength: 500, placeholder: 'e.g. Demo to the ops team' } }),
    h('div', { class: 'form-grid' },
      field({ name: `${prefix}due`, label: 'Due', type: 'date', value: today(7), required: true }),
      field({ name: `${prefix}type`, label: 'Type', type: 'select', value: 'appointment', options: STEP_TYPES.map((t) => [t, t]) })),
  ];
}

// DEAL: {id, contact_id, title}; CONTACT: {id, name} when there is no deal.
export function logCall({ deal, contact, onDone }) {
  const agreed = h('fieldset', {},
    h('legend', {}, 'What was agreed?'),
    h('div', { class: 'field inline' },
      h('input', { type: 'radio', name: 'outcome', id: 'outcome-yes', value: 'yes', checked: true }),
      h('label', { for: 'outcome-yes' }, 'We agreed on a next step')),
    h('div', { class: 'field inline' },
      h('input', { type: 'radio', name: 'outcome', id: 'outcome-order', value: 'order' }),
      h('label', { for: 'outcome-order' }, 'They placed the order (and we agreed the next step)')),
    h('div', { class: 'field inline' },
      h('input', { type: 'radio', name: 'outcome', id: 'outcome-no', value: 'no' }),
      h('label', { for: 'outcome-no' }, 'Nothing was agreed')));
  const nextBox = h('div', { class: 'next-box' }, nextStepFields('ns_'));
  const body = [
    h('div', { class: 'form-grid' },
      field({ name: 'kind', label: 'Kind', type: 'select', value: 'call', options: KINDS.map((k) => [k, k]) }),
      // planned: it kept the agreed next step (within the process's grace
      // days of its due day); the server works it out unless told
      field({ name: 'planned', label: 'Planned or reactive', type: 'select', value: '',
        options: [['', 'as the next step says'], ['yes', 'planned: it kept our next step'], ['no', 'reactive: not what we agreed']] })),
    field({ name: 'notes', label: 'Notes', type: 'textarea', attrs: { maxlength: 10000 } }),
    // rapport (step 2) is the contact's comfort level, recorded after a talk
    (deal?.contact_id || contact) ? field({ name: 'comfort', label: 'How comfortable are they with you now? (0-5)', type: 'select', value: '',
      options: [['', '— unchanged —'], ...[0, 1, 2, 3, 4, 5].map((n) => [String(n), String(n)])] }) : null,
    deal ? agreed : null,
    deal ? nextBox : null,
  ];
  const title = deal ? `Log a call: ${deal.title}` : `Log a call: ${contact?.name || 'contact'}`;
  const dlg = dialog(title, body, async (v) => {
    const inBody = { kind: v.kind, notes: v.notes };
    if (v.planned) inBody.planned = v.planned === 'yes';
    if (v.comfort) inBody.comfort = Number(v.comfort);
    if (deal) {
      inBody.deal_id = deal.id;
      if (deal.contact_id) inBody.contact_id = deal.contact_id;
      if (v.outcome === 'yes' || v.outcome === 'order') {
        inBody.agreement = true;
        if (v.outcome === 'order') inBody.agreement_type = 'order';
        inBody.next_step = { what: v.ns_what, due: v.ns_due, type: v.ns_type };
      } else {
        inBody.agreement = false;
      }
    } else if (contact) {
      inBody.contact_id = contact.id;
    }
    await post('/interactions', inBody);
    toast(deal && v.outcome === 'order' ? 'Order logged with its next step'
      : deal && v.outcome === 'yes' ? 'Call logged with its next step' : 'Call logged');
    if (onDone) onDone();
  }, { submitLabel: 'Log it' });
  const sync = () => {
    const yes = dlg.querySelector('#outcome-yes')?.checked || dlg.querySelector('#outcome-order')?.checked;
    nextBox.hidden = !yes;
    for (const el of nextBox.querySelectorAll('input, select')) el.disabled = !yes;
  };
  for (const r of dlg.querySelectorAll('input[name=outcome]')) r.addEventListener('change', sync);
  // The next-step fields are named ns_* so their errors ("next_step.what")
  // land next to them.
  for (const n of ['what', 'due', 'type']) {
    const wrap = nextBox.querySelector(`[data-field="ns_${n}"]`);
    if (wrap) wrap.dataset.field = `next_step.${n}`;
  }
  return dlg;
}

export function setNextStep({ deal, onDone }) {
  return dialog(`Next step: ${deal.title}`, nextStepFields(), async (v) => {
    await put(`/deals/${deal.id}/next-step`, { what: v.what, due: v.due, type: v.type });
    toast('Next step set');
    if (onDone) onDone();
  });
}

// A promise that slips moves to a new day with the reason, which the
// deal's history keeps.
export function moveNextStep({ deal, due, onDone }) {
  return dialog(`Move the next step: ${deal.title}`, [
    field({ name: 'due', label: 'New date', type: 'date', value: due && due >= today(0) ? due : today(7), required: true, attrs: { min: today(0) } }),
    field({ name: 'reason', label: 'Why it moves', type: 'textarea', required: true, attrs: { maxlength: 500 } }),
  ], async (v) => {
    await post(`/deals/${deal.id}/next-step/move`, { due: v.due, reason: v.reason });
    toast('Next step moved');
    if (onDone) onDone();
  }, { submitLabel: 'Move it' });
}

// The next step happened: the deal then needs a new one.
export async function nextStepDone({ deal, onDone }) {
  await post(`/deals/${deal.id}/next-step/done`, {});
  toast('Next step done: agree on the next one');
  if (onDone) onDone();
}

export function doCheck({ deal, onDone }) {
  return dialog(`Satisfaction check: ${deal.title}`, [
    field({ name: 'score', label: 'How satisfied is the customer? (1 = not at all, 5 = delighted)', type: 'select', value: '4',
      options: [['5', '5'], ['4', '4'], ['3', '3'], ['2', '2'], ['1', '1']] }),
    field({ name: 'notes', label: 'Notes', type: 'textarea' }),
  ], async (v) => {
    await post('/checks', { deal_id: deal.id, score: Number(v.score), notes: v.notes });
    toast(Number(v.score) >= 4 ? 'Check recorded: ask for a referral and look for more' : 'Check recorded');
    if (onDone) onDone();
  }, { submitLabel: 'Record the check' });
}

// A referral names a new person: the contact is created first, then the
// referral that links them to the referrer and the source deal.
export function askReferral({ deal, onDone }) {
  return dialog(`Referral from ${deal.title}`, [
    h('p', { class: 'muted' }, 'Who did they refer you to?'),
    field({ name: 'name', label: 'Name', required: true }),
    field({ name: 'email', label: 'Email', type: 'email' }),
    field({ name: 'need', label: 'Their need or interest', type: 'textarea' }),
  ], async (v) => {
    if (!deal.contact_id) throw new Error('the deal has no contact to credit the referral to');
    const c = await post('/contacts', { name: v.name, email: v.email || undefined, need: v.need || undefined, source: 'referral' });
    const cid = c?.id ?? c?.contact?.id;
    await post('/referrals', { from_contact_id: deal.contact_id, contact_id: cid, source_deal_id: deal.id });
    toast('Referral recorded');
    if (onDone) onDone();
  }, { submitLabel: 'Record the referral' });
}

export function winDeal({ deal, onDone }) {
  return dialog(`Win: ${deal.title}`, [
    field({ name: 'delivered', label: 'Delivered on', type: 'date', value: today() }),
  ], async (v) => {
    await post(`/deals/${deal.id}/win`, { delivered: v.delivered });
    toast('Deal won; the satisfaction check is scheduled');
    if (onDone) onDone();
  }, { submitLabel: 'Mark as won' });
}

export function loseDeal({ deal, onDone }) {
  return dialog(`Lose: ${deal.title}`, [
    field({ name: 'reason', label: 'Why was it lost?', required: true, attrs: { maxlength: 500 } }),
  ], async (v) => {
    await post(`/deals/${deal.id}/lose`, { reason: v.reason });
    toast('Deal marked as lost');
    if (onDone) onDone();
  }, { submitLabel: 'Mark as lost' });
}

export async function loadDeal(id) {
  return get(`/deals/${id}`);
}
