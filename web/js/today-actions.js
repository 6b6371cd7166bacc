// What Today adds to an item beyond its main action: who it is about (the
// account, the contact and a tel: and mailto: link to reach them), declining
// a referral or expansion ask with the reason, and disqualifying a contact
// of the engage list (wrong person, no need, wrong timing).
import { post } from './api.js';
import { h, field, dialog, toast } from './ui.js';

export const DISQUALIFY_REASONS = [['wrong_person', 'Wrong person'], ['no_need', 'No need'], ['wrong_timing', 'Wrong timing']];

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
