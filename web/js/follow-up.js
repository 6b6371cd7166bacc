// A won deal's sixth step, follow up and leverage (SPEC.md §1, R4, R5):
// the satisfaction checks (due, then their score and notes; one per
// delivery, then a periodic one every few months), the referral and expansion asks a satisfied customer earns,
// and the referrals recorded from the deal. Shown instead of the next-step
// panel once the deal is won.
import { get, post, qs, items } from './api.js';
import { h, fmtDate, toast, humanize } from './ui.js';
import { doCheck, askReferral } from './actions.js';

const ASK_LABEL = { referral: 'Ask for a referral', expansion: 'Look for more business inside the customer' };

export async function followUpPanel(deal, dealRef, onDone) {
  const [asks, refs] = await Promise.all([
    get(`/asks${qs({ deal_id: deal.id, limit: 50 })}`).then(items).catch(() => []),
    get(`/referrals${qs({ source_deal_id: deal.id, limit: 50 })}`).then(items).catch(() => []),
  ]);
  const names = new Map(await Promise.all(refs.map((r) => get(`/contacts/${r.contact_id}`).then((c) => [r.contact_id, c.name]).catch(() => [r.contact_id, null]))));
  const checks = Array.isArray(deal.checks) ? deal.checks : [];
  // a delivery's check first, as the core takes them (docs/follow-up.md)
  const pending = checks.find((c) => !c.done_at && c.kind !== 'periodic') || checks.find((c) => !c.done_at);
  const periodic = pending && pending.kind === 'periodic';
  const today = new Date().toISOString().slice(0, 10);
  const due = pending && (!periodic || pending.due <= today);
  const done = checks.filter((c) => c.done_at);
  const checkList = h('ul', { class: 'plain checks' },
    pending ? h('li', {}, h('span', { class: ['badge', due ? 'warn' : ''] }, periodic ? 'Periodic check due' : 'Check due'),
      ` ${fmtDate(pending.due)}`, pending.delivered_on ? ` (delivered ${fmtDate(pending.delivered_on)})` : '') : null,
    done.map((c) => h('li', {}, h('span', { class: ['badge', c.score >= 4 ? 'good' : c.score <= 2 ? 'bad' : ''] }, `Score ${c.score} of 5`),
      ` ${fmtDate(c.done_at)}`, c.notes ? h('p', { class: 'muted' }, c.notes) : null)));
  const askList = asks.length ? h('ul', { class: 'plain asks' }, asks.map((a) => h('li', {},
    h('span', { class: ['badge', a.status === 'open' ? 'warn' : 'good'] }, a.status === 'open' ? 'to do' : a.status), ' ',
    ASK_LABEL[a.kind] || humanize(a.kind),
    a.status === 'open' ? [' ', h('button', {
      type: 'button', class: 'btn small',
      onclick: async (ev) => {
        ev.target.disabled = true;
        try { await post(`/asks/${a.id}/done`, {}); toast('Ask done'); onDone(); } catch (err) { ev.target.disabled = false; toast(err.message); }
      },
    }, 'Done')] : null))) : null;
  const refList = refs.length ? [h('h3', {}, 'Referrals'), h('ul', { class: 'plain' }, refs.map((r) => h('li', {},
    h('a', { href: `/contacts/${r.contact_id}`, 'data-link': true }, names.get(r.contact_id) || 'a referred contact'), ' ',
    h('span', { class: 'badge' }, humanize(r.status)))))] : null;
  return h('section', { class: 'panel next-panel follow-up', 'aria-label': 'Follow-up' },
    h('h2', {}, 'Follow-up'),
    deal.delivered_on ? h('p', { class: 'muted' }, `Delivered ${fmtDate(deal.delivered_on)}.`) : null,
    h('h3', {}, 'Satisfaction check'),
    checks.length ? checkList : h('p', { class: 'muted' }, 'No check scheduled.'),
    // one check per delivery (and per period): recorded once, when due
    due || !done.length ? h('p', {}, h('button', { type: 'button', class: 'btn small primary', onclick: () => doCheck({ deal: dealRef, onDone }) }, 'Record the satisfaction check')) : null,
    askList ? [h('h3', {}, 'Asks'), askList] : null,
    refList,
    h('p', {}, h('button', { type: 'button', class: 'btn small', onclick: () => askReferral({ deal: dealRef, onDone }) }, 'Record a referral')));
}
