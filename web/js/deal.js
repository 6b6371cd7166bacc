// Deal: the step path with the current step's goal, guidance and exit
// checklist (ticked from the data), wants by kind, fits (want -> offering ->
// how), stakeholders, the next step, the timeline of interactions and
// history, and the actions: log a call, advance, win, lose, reopen.
import { get, post, qs, items } from './api.js';
import { h, clear, money, fmtDate, fmtTime, parseTime, humanize, field, formValues, clearErrors, showError, toast, daysSince } from './ui.js';
import { processById, offerings } from './state.js';
import { logCall, setNextStep, winDeal, loseDeal, doCheck, askReferral, moveNextStep, nextStepDone } from './actions.js';

const WANT_KINDS = ['objective', 'problem', 'issue', 'motivation', 'criterion'];

function section(title, ...body) {
  return h('section', { class: 'panel', 'aria-label': title }, h('h2', {}, title), body);
}

export async function renderDeal(el, id, q, current) {
  const d = await get(`/deals/${id}`);
  const deal = d.deal && typeof d.deal === 'object' ? { ...d, ...d.deal } : d;
  const [proc, account, contact, inter, hist, offs] = await Promise.all([
    processById(deal.process_id),
    deal.account_id ? get(`/accounts/${deal.account_id}`).catch(() => null) : null,
    deal.contact_id ? get(`/contacts/${deal.contact_id}`).catch(() => null) : null,
    Array.isArray(d.interactions) ? d.interactions : get(`/interactions${qs({ deal_id: id, limit: 50, sort: '-id' })}`).then(items),
    get(`/deals/${id}/history`).then((r) => (Array.isArray(r) ? r : items(r))),
    offerings().catch(() => []),
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
  } else {
    actions.append(h('button', {
      type: 'button', class: 'btn',
      onclick: async () => {
        advErr.textContent = '';
        try { await post(`/deals/${id}/reopen`, {}); toast('Deal reopened: give it a next step'); reload(); } catch (e) { advErr.textContent = e.message; }
      },
    }, 'Reopen'));
    if (deal.status === 'won') {
      actions.append(h('button', { type: 'button', class: 'btn', onclick: () => doCheck({ deal: dealRef, onDone: reload }) }, 'Record the satisfaction check'));
      actions.append(h('button', { type: 'button', class: 'btn', onclick: () => askReferral({ deal: dealRef, onDone: reload }) }, 'Record a referral'));
    }
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
    d.ready !== undefined ? h('p', {}, d.ready ? h('span', { class: 'badge good' }, 'Ready to advance') : h('span', { class: 'badge warn' }, 'Not ready yet')) : null,
    advErr);

  // Next step
  const ns = d.next_step && typeof d.next_step === 'object' ? d.next_step : null;
  const overdue = ns && parseTime(ns.due) && parseTime(ns.due) < parseTime(new Date().toISOString().slice(0, 10));
  const nextPanel = section('Next step',
    ns ? h('div', { class: ['next-step', overdue && 'missing'], id: 'next-step' },
      h('p', { class: 'next-what' }, h('strong', {}, ns.what)),
      h('p', { class: 'muted' }, `due ${fmtDate(ns.due)}${ns.type ? ` · ${ns.type}` : ''}`, overdue ? [' ', h('span', { class: 'badge bad' }, 'overdue')] : null))
      : h('div', { class: 'next-step missing', id: 'next-step' }, h('p', {}, open ? 'No agreed next step. Every open deal needs one.' : 'The deal is closed.')),
    open ? h('p', { class: 'row' },
      h('button', { type: 'button', class: 'btn small', onclick: () => setNextStep({ deal: dealRef, onDone: reload }) }, ns ? 'Change the next step' : 'Set the next step'),
      ns ? h('button', { type: 'button', class: 'btn small', onclick: () => nextStepDone({ deal: dealRef, onDone: reload }).catch((err) => toast(err.message)) }, 'Done') : null,
      ns ? h('button', { type: 'button', class: 'btn small', onclick: () => moveNextStep({ deal: dealRef, due: ns.due, onDone: reload }) }, 'Move to another day') : null) : null);

  nextPanel.classList.add('next-panel');

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
    wantForm);

  // Fits
  const fits = Array.isArray(d.fits) ? d.fits : [];
  const wantText = (wid) => wants.find((w) => w.id === wid)?.text || `want #${wid}`;
  const offName = (oid) => offs.find((o) => o.id === oid)?.name || `offering #${oid}`;
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
    wants.length ? fitForm : h('p', { class: 'muted' }, 'A fit needs a want first.'));

  // Stakeholders
  const sh = Array.isArray(d.stakeholders) ? d.stakeholders : [];
  const stakePanel = section('Stakeholders',
    sh.length ? h('ul', { class: 'plain' }, sh.map((s) => h('li', {},
      h('a', { href: `/contacts/${s.contact_id ?? s.id}`, 'data-link': true }, s.name || s.contact_name || `contact #${s.contact_id}`),
      s.role ? [' ', h('span', { class: 'badge' }, humanize(s.role))] : null)))
      : h('p', { class: 'muted' }, 'No stakeholders recorded.'));

  // Timeline: interactions and history, newest first
  const events = [
    ...inter.map((i) => ({ at: i.at || i.created_at, node: h('li', {},
      h('time', { datetime: i.at || i.created_at }, fmtTime(i.at || i.created_at)), ' ',
      h('strong', {}, humanize(i.kind)), ' ',
      i.agreement === true || i.agreement === 1 ? h('span', { class: 'badge good' }, 'agreement') : i.agreement === false || i.agreement === 0 ? h('span', { class: 'badge warn' }, 'no agreement') : null,
      i.notes ? h('p', {}, i.notes) : null) })),
    ...hist.map((e) => ({ at: e.at, node: h('li', { class: 'history' },
      h('time', { datetime: e.at }, fmtTime(e.at)), ' ',
      h('strong', {}, humanize(e.action)), ' ',
      e.from_step || e.to_step ? `${e.from_step ? humanize(e.from_step) : '–'} → ${e.to_step ? humanize(e.to_step) : '–'}` : '',
      e.action === 'next_step_moved' && e.data?.from ? `'${e.data.what}': ${fmtDate(e.data.from)} → ${fmtDate(e.data.to)}` : '',
      e.actor ? h('span', { class: 'muted' }, ` by ${e.actor}`) : null,
      e.reason ? h('p', { class: 'muted' }, e.reason) : null) })),
  ].sort((a, b) => (parseTime(b.at)?.getTime() || 0) - (parseTime(a.at)?.getTime() || 0));
  const timelinePanel = section('Timeline',
    events.length ? h('ol', { class: 'timeline', reversed: true }, events.map((e) => e.node)) : h('p', { class: 'muted' }, 'Nothing yet.'));

  const days = daysSince(deal.step_entered_at);
  const facts = section('Deal',
    h('dl', { class: 'kv' },
      h('dt', {}, 'Status'), h('dd', {}, h('span', { class: ['badge', deal.status === 'won' ? 'good' : deal.status === 'lost' ? 'bad' : ''] }, deal.status)),
      h('dt', {}, 'Value'), h('dd', {}, money(deal.value, deal.currency)),
      h('dt', {}, 'Account'), h('dd', {}, account ? h('a', { href: `/accounts/${account.id}`, 'data-link': true }, account.name) : '–'),
      h('dt', {}, 'Contact'), h('dd', {}, contact ? h('a', { href: `/contacts/${contact.id}`, 'data-link': true }, contact.name) : '–'),
      h('dt', {}, 'Close date'), h('dd', {}, fmtDate(deal.close_date) || '–'),
      h('dt', {}, 'In step'), h('dd', {}, days === null ? '–' : `${days} day${days === 1 ? '' : 's'}${step?.stall_days && days > step.stall_days ? ' (stalled)' : ''}`),
      deal.lost_reason ? [h('dt', {}, 'Lost because'), h('dd', {}, deal.lost_reason)] : null,
      deal.delivered_on ? [h('dt', {}, 'Delivered'), h('dd', {}, fmtDate(deal.delivered_on))] : null));

  clear(el,
    h('p', {}, h('a', { href: '/pipeline', 'data-link': true }, '← Pipeline')),
    h('h1', {}, deal.title),
    path,
    actions,
    h('div', { class: 'grid2 deal-grid' },
      h('div', {}, stepPanel, wantsPanel, fitsPanel, timelinePanel),
      h('div', {}, nextPanel, facts, stakePanel)));

}
