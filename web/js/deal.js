// Deal: the step path with the current step's goal, guidance and exit
// checklist (ticked from the data), wants by kind, fits (want -> offering ->
// how), the line items (line-items.js) and proposals (proposals.js),
// stakeholders (stakeholders.js), the next step or, once won, the
// follow-up (follow-up.js), the facts edited in place (deal-edit.js), the
// timeline (deal-timeline.js), and the actions: log a call, advance, win, lose,
// disqualify, reopen.
import { get, post, qs, items } from './api.js';
import { h, clear, fmtDate, parseTime, humanize, field, formValues, clearErrors, showError, toast } from './ui.js';
import { processById, offerings, users, userName } from './state.js';
import { logCall, setNextStep, winDeal, loseDeal, moveNextStep, nextStepDone } from './actions.js';
import { dealFactsPanel } from './deal-edit.js';
import { customFields } from './custom-fields.js';
import { stakeholdersBody } from './stakeholders.js';
import { followUpPanel } from './follow-up.js';
import { referralPanel } from './deal-referral.js';
import { timelineList } from './deal-timeline.js';
import { disqualifyDeal } from './today-actions.js';
import { sendEmail } from './mail-compose.js';
import { lineItemsOf, lineItemsPanel } from './line-items.js';
import { proposalsOf, proposalsPanel } from './proposals.js';

const WANT_KINDS = ['objective', 'problem', 'issue', 'motivation', 'criterion'];

function section(title, ...body) {
  return h('section', { class: 'panel', 'aria-label': title }, h('h2', {}, title), body);
}

export async function renderDeal(el, id, q, current) {
  const d = await get(`/deals/${id}`);
  const deal = d.deal && typeof d.deal === 'object' ? { ...d, ...d.deal } : d;
  const [proc, account, contact, inter, hist, offs, umap, allOffs, lines, proposals, customDefs] = await Promise.all([
    processById(deal.process_id),
    deal.account_id ? get(`/accounts/${deal.account_id}`).catch(() => null) : null,
    deal.contact_id ? get(`/contacts/${deal.contact_id}`).catch(() => null) : null,
    Array.isArray(d.interactions) ? d.interactions : get(`/interactions${qs({ deal_id: id, limit: 50, sort: '-id' })}`).then(items),
    get(`/deals/${id}/history`).then((r) => (Array.isArray(r) ? r : items(r))),
    offerings().catch(() => []),
    users(),
    get('/offerings?limit=200').then(items).catch(() => []),
    lineItemsOf(id).catch(() => []),
    proposalsOf(id).catch(() => []),
    customFields('deal').catch(() => []),
  ]);
  if (current && !current()) return;
  document.title = `${deal.title} · Fulcrum`;
  const reload = () => renderDeal(el, id, q, null);
  const steps = Array.isArray(d.path) && d.path.length ? d.path : (proc?.steps || []);
  const idx = steps.findIndex((s) => s.key === deal.step);
  const step = idx >= 0 ? { ...(proc?.steps?.find((s) => s.key === deal.step) || {}), ...steps[idx],
    goal: d.goal ?? proc?.steps?.find((s) => s.key === deal.step)?.goal,
    guidance: d.guidance ?? proc?.steps?.find((s) => s.key === deal.step)?.guidance } : null;
  const open = deal.status === 'open';

  // Actions
  const actions = h('div', { class: 'row deal-actions' });
  const advErr = h('p', { class: 'form-error', role: 'alert' });
  const dealRef = { id: deal.id, title: deal.title, contact_id: deal.contact_id };
  if (open) {
    actions.append(h('button', { type: 'button', class: 'btn primary', onclick: () => logCall({ deal: dealRef, onDone: reload }) }, 'Log a call'));
    actions.append(h('button', { type: 'button', class: 'btn', onclick: () => sendEmail({ deal: dealRef, to: contact?.email, onDone: reload }).catch((e) => toast(e.message)) }, 'Send e-mail'));
    if (idx >= 0 && idx < steps.length - 1) {
      const nextStep = steps[idx + 1];
      actions.append(h('button', {
        type: 'button', class: 'btn',
        onclick: async () => {
          advErr.textContent = '';
          try { await post(`/deals/${id}/advance`, { to: nextStep.key }); toast(`Moved to ${nextStep.name}`); reload(); } catch (e) { advErr.textContent = e.message; }
        },
      }, `Advance to ${nextStep.name || nextStep.key}`));
    }
    actions.append(h('button', { type: 'button', class: 'btn', onclick: () => winDeal({ deal: dealRef, onDone: reload }) }, 'Win'));
    actions.append(h('button', { type: 'button', class: 'btn danger', onclick: () => loseDeal({ deal: dealRef, onDone: reload }) }, 'Lose'));
    actions.append(h('button', { type: 'button', class: 'btn', onclick: () => disqualifyDeal({ deal: dealRef, onDone: reload }) }, 'Disqualify'));
  } else {
    actions.append(h('button', {
      type: 'button', class: 'btn',
      onclick: async () => {
        advErr.textContent = '';
        try { await post(`/deals/${id}/reopen`, {}); toast('Deal reopened: give it a next step'); reload(); } catch (e) { advErr.textContent = e.message; }
      },
    }, 'Reopen'));
  }

  // Step path and the current step's coaching
  // focusable: on a phone the path scrolls sideways, by keyboard too
  const path = h('ol', { class: 'path', 'aria-label': 'Steps', tabindex: '0' },
    steps.map((s, i) => h('li', { class: [i < idx && 'done', i === idx && 'current'], 'aria-current': i === idx ? 'step' : undefined }, s.name || s.key)));
  const checklist = Array.isArray(d.checklist) ? d.checklist : [];
  const stepPanel = section(step ? `Step: ${step.name}` : `Step: ${humanize(deal.step)}`,
    step?.goal ? h('p', {}, h('strong', {}, 'Goal: '), step.goal) : null,
    step?.guidance ? h('p', { class: 'muted' }, h('strong', {}, 'Guidance: '), step.guidance) : null,
    h('h3', {}, 'Exit checklist'),
    checklist.length ? h('ul', { class: 'checklist' }, checklist.map((c) => h('li', { class: c.done ? 'yes' : 'no' },
      h('span', { class: 'sr-only' }, c.done ? 'done: ' : 'missing: '), c.item)))
      : h('p', { class: 'muted' }, 'No exit criteria for this step.'),
    open && d.ready !== undefined ? h('p', {}, d.ready ? h('span', { class: 'badge good' }, 'Ready to advance') : h('span', { class: 'badge warn' }, 'Not ready yet')) : null,
    advErr);

  // Next step
  const ns = d.next_step && typeof d.next_step === 'object' ? d.next_step : null;
  const overdue = ns && parseTime(ns.due) && parseTime(ns.due) < parseTime(new Date().toISOString().slice(0, 10));
  const nextPanel = deal.status === 'won' ? await followUpPanel(deal, dealRef, reload) : section('Next step',
    ns ? h('div', { class: ['next-step', overdue && 'missing'], id: 'next-step' },
      h('p', { class: 'next-what' }, h('strong', {}, ns.what)),
      h('p', { class: 'muted' }, `due ${fmtDate(ns.due)}${ns.type ? ` · ${ns.type}` : ''}`, overdue ? [' ', h('span', { class: 'badge bad' }, 'overdue')] : null))
      : h('div', { class: ['next-step', open && 'missing'], id: 'next-step' }, h('p', {}, open ? 'No agreed next step. Every open deal needs one.' : 'The deal is closed.')),
    open ? h('p', { class: 'row' },
      h('button', { type: 'button', class: 'btn small', onclick: () => setNextStep({ deal: dealRef, onDone: reload }) }, ns ? 'Change the next step' : 'Set the next step'),
      ns ? h('button', { type: 'button', class: 'btn small', onclick: () => nextStepDone({ deal: dealRef, onDone: reload }).catch((err) => toast(err.message)) }, 'Done') : null,
      ns ? h('button', { type: 'button', class: 'btn small', onclick: () => moveNextStep({ deal: dealRef, due: ns.due, onDone: reload }) }, 'Move to another day') : null) : null);

  nextPanel.classList.add('next-panel');
  if (current && !current()) return;

  // Wants by kind, with an add form
  const wants = Array.isArray(d.wants) ? d.wants : [];
  const wantForm = h('form', { class: 'add-want', novalidate: true },
    h('h3', {}, 'Add a want'),
    h('div', { class: 'form-grid' },
      field({ name: 'kind', label: 'Kind', type: 'select', value: 'objective', options: WANT_KINDS.map((k) => [k, k]) }),
      field({ name: 'importance', label: 'Importance (1-5)', type: 'select', value: '3', options: [1, 2, 3, 4, 5].map((n) => [String(n), String(n)]) }),
      field({ name: 'text', label: 'What they want', wide: true, required: true, attrs: { maxlength: 2000 } })),
    h('button', { type: 'submit', class: 'btn small' }, 'Add want'));
  wantForm.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(wantForm);
    const v = formValues(wantForm);
    try {
      await post('/wants', { deal_id: id, kind: v.kind, text: v.text, importance: Number(v.importance), contact_id: deal.contact_id || undefined });
      toast('Want recorded'); reload();
    } catch (e) { showError(wantForm, e); }
  });
  const byKind = new Map();
  for (const w of wants) { if (!byKind.has(w.kind)) byKind.set(w.kind, []); byKind.get(w.kind).push(w); }
  const wantsPanel = section('Wants',
    wants.length ? [...byKind.entries()].map(([k, ws]) => [
      h('h3', { class: 'want-kind' }, `${humanize(k)} (${ws.length})`),
      h('ul', { class: 'plain' }, ws.map((w) => h('li', {}, w.text, ' ', h('span', { class: 'badge' }, `importance ${w.importance ?? '–'}`)))),
    ]) : h('p', { class: 'muted' }, 'No wants recorded yet. Find out what they want: it is the fulcrum of the sale.'),
    open ? wantForm : null);

  // Fits
  const fits = Array.isArray(d.fits) ? d.fits : [];
  const wantText = (wid) => wants.find((w) => w.id === wid)?.text || `want #${wid}`;
  const offName = (oid) => allOffs.find((o) => o.id === oid)?.name || offs.find((o) => o.id === oid)?.name || 'an offering';
  const fitForm = h('form', { class: 'add-fit', novalidate: true },
    h('h3', {}, 'Add a fit'),
    field({ name: 'want_id', label: 'Want', type: 'select', options: wants.map((w) => [String(w.id), `${w.kind}: ${w.text}`]) }),
    field({ name: 'offering_id', label: 'Offering', type: 'select', options: offs.map((o) => [String(o.id), o.name]) }),
    field({ name: 'how', label: 'How it gives them that', type: 'textarea', required: true, attrs: { maxlength: 2000 } }),
    h('button', { type: 'submit', class: 'btn small', disabled: !wants.length || !offs.length }, 'Add fit'));
  fitForm.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(fitForm);
    const v = formValues(fitForm);
    try {
      await post('/fits', { want_id: Number(v.want_id), offering_id: Number(v.offering_id), how: v.how });
      toast('Fit recorded'); reload();
    } catch (e) { showError(fitForm, e); }
  });
  const fitsPanel = section('Fits',
    fits.length ? h('ul', { class: 'plain' }, fits.map((f) => h('li', {},
      h('strong', {}, typeof f.want === 'string' ? f.want : wantText(f.want_id)), ' → ', typeof f.offering === 'string' ? f.offering : offName(f.offering_id), ': ', f.how)))
      : h('p', { class: 'muted' }, 'No fits yet: show how what you have gives them what they want.'),
    !open ? null : wants.length ? fitForm : h('p', { class: 'muted' }, 'A fit needs a want first.'));

  // Line items (they set the value) and the proposals built from it all
  const linesPanel = lineItemsPanel(deal, lines, { offs, allOffs, open, onDone: reload });
  const propPanel = proposalsPanel(deal, proposals, { open, onDone: reload });

  // Stakeholders
  const stakePanel = section('Stakeholders', await stakeholdersBody(d.deal && typeof d.deal === 'object' ? { ...deal, stakeholders: d.stakeholders } : deal,
    { editable: open, onDone: reload }));
  if (current && !current()) return;

  // Timeline: interactions and history, newest first
  const contactNames = new Map((d.stakeholders || []).map((s) => [s.contact_id, s.name]));
  if (contact) contactNames.set(contact.id, contact.name);
  // the people the history names that the deal does not list (a removed
  // stakeholder, a referred contact, a referrer), read once each
  const named = new Set(hist.map((e) => Number(e.data?.contact_id ?? e.data?.after?.contact_id ?? e.data?.from_contact_id)).filter((c) => c && !contactNames.has(c)));
  await Promise.all([...named].slice(0, 20).map((cid) => get(`/contacts/${cid}`).then((c) => contactNames.set(cid, c.name)).catch(() => null)));
  if (current && !current()) return;
  const stepNames = new Map(steps.map((s) => [s.key, s.name || humanize(s.key)]));
  const names = {
    user: (uid) => userName(umap, Number(uid)),
    contact: (cid) => contactNames.get(Number(cid)) || 'a contact',
    offering: offName,
    step: (k) => stepNames.get(k) || humanize(k),
    currency: deal.currency,
  };
  const timelinePanel = section('Timeline', timelineList(inter, hist, names));

  const facts = dealFactsPanel(deal, { account, contact, umap, step, itemized: lines.length > 0, customDefs }, reload);
  const referral = await referralPanel(deal, reload);
  if (current && !current()) return;

  clear(el,
    h('p', {}, h('a', { href: '/pipeline', 'data-link': true }, '← Pipeline')),
    h('h1', {}, deal.title),
    path,
    actions,
    h('div', { class: 'grid2 deal-grid' },
      h('div', {}, stepPanel, wantsPanel, fitsPanel, linesPanel, propPanel, timelinePanel),
      h('div', {}, nextPanel, facts, referral, stakePanel)));

}
