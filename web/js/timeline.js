// The timeline of a contact or an account (GET /{kind}/{id}/timeline): the
// interactions logged on it and on its deals, its deals' history and its
// merges, newest first, each naming its deal, contact and who did it.
import { get } from './api.js';
import { h, clear, fmtTime, humanize } from './ui.js';

const LIMIT = 100;

// An event of the record itself rather than of a deal: its merges (the
// text names the other record), its posts through a lead form (the text
// names the form and the site) and the events of a record merged into it.
const RECORD_EVENTS = { merge: 'Merged with', merged: 'Merged into', unmerge: 'Merge undone with', unmerged: 'Restored from', form_submission: 'Sent a lead form' };

function item(e, kind) {
  const isEvent = e.source === 'event';
  const what = !isEvent ? humanize(e.what)
    : e.deal_id ? `Deal ${humanize(e.what).toLowerCase()}`
      : RECORD_EVENTS[e.what] || `${humanize(kind.replace(/s$/, ''))} ${humanize(e.what).toLowerCase()}`;
  const steps = isEvent && (e.from_step || e.to_step)
    ? ` ${e.from_step ? humanize(e.from_step) : '–'} → ${e.to_step ? humanize(e.to_step) : '–'}` : '';
  return h('li', { class: isEvent ? 'history' : undefined },
    h('time', { datetime: e.at }, fmtTime(e.at)), ' ',
    h('strong', {}, what), steps,
    e.deal_id ? [' · ', h('a', { href: `/deals/${e.deal_id}`, 'data-link': true }, e.deal || `deal ${e.deal_id}`)] : null,
    kind === 'accounts' && e.contact_id ? [' · ', h('a', { href: `/contacts/${e.contact_id}`, 'data-link': true }, e.contact || 'contact')] : null,
    e.actor ? h('span', { class: 'muted' }, ` by ${e.actor}`) : null,
    e.text ? h('p', { class: isEvent ? 'muted' : undefined }, e.text) : null);
}

// A panel that fills itself; its refresh() reloads it (after a call is
// logged).
export function timelinePanel(kind, id) {
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const panel = h('section', { class: 'panel', 'aria-labelledby': `tl-${kind}-${id}` },
    h('h2', { id: `tl-${kind}-${id}` }, 'Timeline'), body);
  panel.refresh = async () => {
    try {
      const res = await get(`/${kind}/${id}/timeline?limit=${LIMIT}`);
      const list = res?.items || [];
      clear(body, list.length
        ? [h('ol', { class: 'timeline', reversed: true }, list.map((e) => item(e, kind))),
          list.length >= LIMIT ? h('p', { class: 'muted' }, `The latest ${LIMIT} are shown.`) : null]
        : h('p', { class: 'muted' }, 'Nothing has happened yet.'));
    } catch (err) {
      clear(body, h('p', { class: 'form-error' }, err?.message || String(err)));
    }
  };
  panel.refresh();
  return panel;
}
