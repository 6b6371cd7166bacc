// A deal's proposals: "Build proposal" makes the next version from the
// deal's wants, fits and line items and opens it (the browser prints it to
// PDF); earlier versions open from the list, and "Send" logs the e-mail
// whose agreed next step is the proposal review.
import { get, post, items } from './api.js';
import { h, fmtDate, fmtTime, field, toast, dialog, today } from './ui.js';

const docUrl = (dealId, n) => `/api/v1/deals/${dealId}/proposals/${n}`;

export async function proposalsOf(dealId) {
  return get(`/deals/${dealId}/proposals`).then(items);
}

function sendDialog(deal, n, onDone) {
  dialog(`Send proposal v${n}`, [
    h('p', { class: 'muted' }, 'Logs an e-mail on the deal; the agreed next step is the proposal review.'),
    field({ name: 'due', label: 'Review by', type: 'date', value: today(7), required: true }),
  ], async (v) => {
    await post(`/deals/${deal.id}/proposals/${n}/send`, { due: v.due });
    toast(`Proposal v${n} sent: review due ${fmtDate(v.due)}`); onDone();
  }, { submitLabel: 'Send' });
}

export function proposalsPanel(deal, list, { open, onDone }) {
  const err = h('p', { class: 'form-error', role: 'alert' });
  const build = h('button', { type: 'button', class: 'btn small primary build-proposal' }, 'Build proposal');
  build.addEventListener('click', async () => {
    err.textContent = '';
    // opened now, while the click still counts, and pointed at the document
    // once it is built
    const win = window.open('', '_blank');
    build.disabled = true;
    try {
      const p = await post(`/deals/${deal.id}/proposals`);
      if (win) win.location.href = docUrl(deal.id, p.number);
      toast(`Proposal v${p.number} built`); onDone();
    } catch (e) {
      if (win) win.close();
      err.textContent = e.message;
    } finally { build.disabled = false; }
  });
  const rows = list.slice().reverse().map((p) => h('li', { dataset: { proposal: String(p.number) } },
    h('a', { href: docUrl(deal.id, p.number), target: '_blank', rel: 'noopener' }, `v${p.number}`),
    ` · ${fmtTime(p.created_at)}`,
    p.sent_at ? [' ', h('span', { class: 'badge good' }, `sent ${fmtDate(p.sent_at)}`)] : null,
    open ? [' ', h('button', { type: 'button', class: 'btn small', 'aria-label': `Send proposal v${p.number}`,
      onclick: () => sendDialog(deal, p.number, onDone) }, 'Send')] : null));
  return h('section', { class: 'panel proposals', 'aria-label': 'Proposals' },
    h('div', { class: 'row' }, h('h2', { class: 'spacer' }, 'Proposals'), build),
    list.length ? h('ul', { class: 'plain' }, rows)
      : h('p', { class: 'muted' }, 'None yet: a proposal gives their wants in their words, how you give each, and the line items.'),
    err);
}
