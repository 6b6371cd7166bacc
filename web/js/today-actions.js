// What Today adds to an item beyond its main action: who it is about (the
// account, the contact and a tel: and mailto: link to reach them), declining
// a referral or expansion ask with the reason, and disqualifying a contact
// of the engage list or a deal (wrong person, no need, wrong timing, no fit).
import { post } from './api.js';
import { h, field, dialog, toast } from './ui.js';

// core/engage.c's one list of reasons, for contacts and deals alike.
export const DISQUALIFY_REASONS = [['wrong_person', 'Wrong person'], ['no_need', 'No need'], ['wrong_timing', 'Wrong timing'],
  ['no_fit', 'No fit: nothing we have gives them what they want']];

// "Globex · Erin Engage · +1 555 0100 · erin@globex.test", each a link.
export function peopleLine(item) {
  const parts = [];
  if (item.account) parts.push(h('a', { href: `/accounts/${item.account.id}`, 'data-link': true }, item.account.name));
  const c = item.contact;
  if (c && !(item.kind === 'engage' && !item.deal_id)) parts.push(h('a', { href: `/contacts/${c.id}`, 'data-link': true }, c.name));
  if (c?.phone) parts.push(h('a', { href: `tel:${c.phone.replace(/[^\d+]/g, '')}`, 'aria-label': `Call ${c.name} at ${c.phone}` }, c.phone));
  if (c?.email) parts.push(h('a', { href: `mailto:${c.email}`, 'aria-label': `Write to ${c.name} at ${c.email}` }, c.email));
  if (!parts.length) return null;
  const line = h('p', { class: 'agenda-people' });
  parts.forEach((p, i) => line.append(...(i ? [' · ', p] : [p])));
  return line;
}

// An ask that will not be made leaves Today; the deal's history keeps why.
export function declineAsk({ item, onDone }) {
  const what = item.kind === 'referral_ask' || item.kind === 'referral-ask' ? 'referral' : 'expansion';
  return dialog(`Decline the ${what} ask: ${item.title}`, [
    field({ name: 'reason', label: 'Why not ask?', type: 'textarea', required: true, attrs: { maxlength: 500 } }),
  ], async (v) => {
    await post(`/asks/${item.ask_id}/decline`, { reason: v.reason });
    toast('Ask declined');
    if (onDone) onDone();
  }, { submitLabel: 'Decline the ask' });
}

// A contact to engage who will not become a deal.
export function disqualifyContact({ contact, onDone }) {
  return dialog(`Disqualify ${contact.name}`, [
    field({ name: 'reason', label: 'Reason', type: 'select', value: 'wrong_person', options: DISQUALIFY_REASONS }),
    field({ name: 'note', label: 'Note (optional)', type: 'textarea', attrs: { maxlength: 500 } }),
  ], async (v) => {
    await post(`/contacts/${contact.id}/disqualify`, { reason: v.reason, note: v.note || undefined });
    toast(`${contact.name} disqualified`);
    if (onDone) onDone();
  }, { submitLabel: 'Disqualify' });
}

// A deal that cannot become a sale: disqualified, not lost (it stays out
// of the win rate). REASON preselects one (the agenda's no_fit item).
export function disqualifyDeal({ deal, reason, onDone }) {
  return dialog(`Disqualify the deal: ${deal.title}`, [
    field({ name: 'reason', label: 'Reason', type: 'select', value: reason || 'wrong_person', options: DISQUALIFY_REASONS }),
    field({ name: 'note', label: 'Note (optional)', type: 'textarea', attrs: { maxlength: 500 } }),
  ], async (v) => {
    await post(`/deals/${deal.id}/disqualify`, { reason: v.reason, note: v.note || undefined });
    toast('Deal disqualified');
    if (onDone) onDone();
  }, { submitLabel: 'Disqualify the deal' });
}
