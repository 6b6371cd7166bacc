// Settings › Webhooks (admins): the subscriptions with their state (a
// failing one says since when), pending deliveries and last delivery; a
// form to subscribe a URL to events (the events are the OpenAPI document's
// `webhooks`, which the server makes from its one table), showing the
// signing secret once; per subscription a test ping, its delivery log with
// a redelivery of any delivery, and removal. docs/webhooks.md.
import { get, post, del, items, qs } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, fmtTime, toast, stackTable } from './ui.js';

async function eventNames() {
  const res = await fetch('/api/v1/openapi.json', { credentials: 'same-origin' });
  const doc = res.ok ? await res.json() : {};
  return Object.keys(doc.webhooks || {});
}

function stateOf(w) {
  return w.state === 'failing'
    ? h('span', { class: 'badge danger' }, `failing since ${fmtTime(w.failing_since)}`)
    : h('span', { class: 'badge' }, 'active');
}

function lastOf(w) {
  const l = w.last_delivery;
  if (!l) return 'none yet';
  return `${l.status}${l.code ? ` (${l.code})` : ''}, ${fmtTime(l.at)}`;
}

export async function webhooksPage(el, current) {
  const names = await eventNames();
  const hooks = items(await get('/webhooks'));
  if (current && !current()) return;
  const table = h('div', { class: 'table-wrap' });
  const logBox = h('div', { 'aria-live': 'polite' });
  const shownOnce = h('div', { 'aria-live': 'polite' });

  async function showLog(w) {
    const rows = items(await get(`/webhooks/${w.id}/deliveries${qs({ limit: 50 })}`));
    clear(logBox, h('section', { class: 'panel', 'aria-label': `Delivery log of ${w.url}` },
      h('h2', {}, `Delivery log: ${w.url}`),
      rows.length ? stackTable(h('table', { class: 'webhook-log' },
        h('caption', { class: 'sr-only' }, `Deliveries to ${w.url}, newest first`),
        h('thead', {}, h('tr', {}, ['Event', 'Record', 'Status', 'Attempts', 'Answer', 'Last attempt', '']
          .map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows.map((d) => h('tr', { dataset: { delivery: String(d.id) } },
          h('td', {}, d.event), h('td', {}, `${d.entity} ${d.entity_id}`),
          h('td', {}, d.status), h('td', {}, String(d.attempts)),
          h('td', {}, d.code ? String(d.code) : (d.error || '–')),
          h('td', {}, fmtTime(d.last_at) || 'not yet'),
          h('td', {}, h('button', { type: 'button', class: 'btn small',
            'aria-label': `Redeliver ${d.event} ${d.id}`, onclick: async () => {
              try { await post(`/webhooks/${w.id}/deliveries/${d.id}/redeliver`); toast('Queued again'); await showLog(w); } catch (err) { toast(err.message); }
            } }, 'Redeliver')))))))
        : h('p', { class: 'muted' }, 'No deliveries yet.'),
      h('button', { type: 'button', class: 'btn small', onclick: () => showLog(w) }, 'Refresh')));
  }

  async function drawList(rows) {
    const data = rows || items(await get('/webhooks'));
    clear(table, data.length ? stackTable(h('table', { class: 'webhooks-table' },
      h('caption', { class: 'sr-only' }, 'Webhook subscriptions'),
      h('thead', {}, h('tr', {}, ['URL', 'Events', 'State', 'Pending', 'Last delivery', '']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, data.map((w) => h('tr', { dataset: { webhook: String(w.id) } },
        h('td', {}, h('code', {}, w.url)), h('td', {}, w.events.join(', ')),
        h('td', {}, stateOf(w)), h('td', {}, String(w.pending)), h('td', {}, lastOf(w)),
        h('td', {},
          h('button', { type: 'button', class: 'btn small', 'aria-label': `Send a test ping to ${w.url}`, onclick: async () => {
            try { await post(`/webhooks/${w.id}/ping`); toast('Test ping queued'); await drawList(); } catch (err) { toast(err.message); }
          } }, 'Test ping'), ' ',
          h('button', { type: 'button', class: 'btn small', 'aria-label': `Delivery log of ${w.url}`,
            onclick: () => showLog(w).catch((err) => toast(err.message)) }, 'Delivery log'), ' ',
          h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove the webhook ${w.url}`, onclick: async () => {
            try { await del(`/webhooks/${w.id}`); toast('Webhook removed'); clear(logBox); await drawList(); } catch (err) { toast(err.message); }
          } }, 'Remove')))))))
      : h('p', { class: 'muted' }, 'No webhooks yet.'));
  }

  const all = h('input', { type: 'checkbox', name: 'all', id: 'wh-all' });
  const boxes = names.map((n) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'event', value: n }), ` ${n}`));
  const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'Add a webhook' },
    h('h2', {}, 'Add a webhook'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    field({ name: 'url', label: 'URL (http:// or https://)', required: true, attrs: { maxlength: 2048, type: 'url' } }),
    h('fieldset', {}, h('legend', {}, 'Events'),
      h('label', { class: 'check', for: 'wh-all' }, all, ' all events (*)'), h('div', { class: 'checks' }, boxes)),
    h('button', { type: 'submit', class: 'btn primary' }, 'Add webhook'), shownOnce);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    const events = all.checked ? ['*']
      : [...form.querySelectorAll('input[name="event"]:checked')].map((c) => c.value);
    try {
      const res = await post('/webhooks', { url: v.url, events });
      clear(shownOnce, h('div', { class: 'token-once' },
        h('p', {}, h('strong', {}, 'Copy the signing secret now: it is shown only once.')),
        h('code', { class: 'token-secret webhook-secret' }, res.secret)));
      await drawList();
    } catch (err) { showError(form, err); }
  });
  await drawList(hooks);
  clear(el, h('section', { class: 'panel' }, h('h2', {}, 'Webhooks'),
    h('p', { class: 'muted' }, 'Fulcrum posts each event to these addresses, signed with the subscription\'s secret, and retries for a day.'),
    table), logBox, form);
}
