// A deal's line items: offering, quantity, unit price, discount and the
// line's total, with the deal's total under them; added with a form, each
// edited in a dialog or removed. While a deal has line items its value is
// their sum (the server sets it and refuses it by hand), so the page reloads
// after every change.
import { get, post, patch, del, qs, items } from './api.js';
import { h, moneyMinor, field, formValues, clearErrors, showError, toast, dialog, stackTable } from './ui.js';

// The deal's items (read here, so the page can tell the facts panel).
export async function lineItemsOf(dealId) {
  return get(`/line-items${qs({ deal_id: dealId, limit: 200, sort: 'id' })}`).then(items);
}

function itemFields(offs, it = {}) {
  return h('div', { class: 'form-grid' },
    field({ name: 'offering_id', label: 'Offering', type: 'select', value: String(it.offering_id ?? ''),
      options: offs.map((o) => [String(o.id), o.name]) }),
    field({ name: 'quantity', label: 'Quantity', type: 'number', value: String(it.quantity ?? 1),
      attrs: { min: 1, max: 1000000, step: 1 } }),
    field({ name: 'unit_price', label: 'Unit price', value: it.unit_price ?? '',
      hint: 'empty: the offering\'s price', attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
    field({ name: 'discount', label: 'Discount (%)', type: 'number', value: String(it.discount ?? 0),
      attrs: { min: 0, max: 100, step: 1 } }));
}

// The values of an item form as the API takes them; an empty unit price is
// left out on a new item (the offering's price is taken).
function itemBody(v, adding) {
  const body = { offering_id: Number(v.offering_id), quantity: Number(v.quantity), discount: Number(v.discount || 0) };
  if (v.unit_price !== '') body.unit_price = v.unit_price;
  else if (!adding) delete body.unit_price;
  return body;
}

// DEAL as the API shows it; LIST its items; OFFS the offerings that take new
// lines; OPEN when the deal is open (items change only then).
export function lineItemsPanel(deal, list, { offs, allOffs, open, onDone }) {
  const offName = (oid) => allOffs.find((o) => o.id === oid)?.name || `offering #${oid}`;
  const cur = deal.currency;
  let table = null;
  if (list.length) {
    const sum = list.reduce((s, it) => s + Number(it.total_minor || 0), 0);
    table = h('table', { class: 'line-items' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Offering'), h('th', { class: 'num' }, 'Quantity'),
        h('th', { class: 'num' }, 'Unit price'), h('th', { class: 'num' }, 'Discount'),
        h('th', { class: 'num' }, 'Total'), open ? h('th', {}, h('span', { class: 'sr-only' }, 'Actions')) : null)),
      h('tbody', {}, list.map((it) => h('tr', { dataset: { item: String(it.id) } },
        h('td', {}, offName(it.offering_id)),
        h('td', { class: 'num' }, String(it.quantity)),
        h('td', { class: 'num' }, moneyMinor(it.unit_price_minor, cur)),
        h('td', { class: 'num' }, `${it.discount}%`),
        h('td', { class: 'num' }, moneyMinor(it.total_minor, cur)),
        open ? h('td', { class: 'row' },
          h('button', { type: 'button', class: 'btn small', 'aria-label': `Edit the line ${offName(it.offering_id)}`,
            onclick: () => dialog('Edit the line item', itemFields(allOffs, it), async (v) => {
              await patch(`/line-items/${it.id}`, itemBody(v, false), it.version);
              toast('Line item saved'); onDone();
            }) }, 'Edit'),
          h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove the line ${offName(it.offering_id)}`,
            onclick: async (ev) => {
              ev.target.disabled = true;
              try { await del(`/line-items/${it.id}`); toast('Line item removed'); onDone(); } catch (err) { ev.target.disabled = false; toast(err.message); }
            } }, 'Remove')) : null))),
      h('tfoot', {}, h('tr', {}, h('td', { colspan: 4 }, 'Total (the deal\'s value)'),
        h('td', { class: 'num line-items-total' }, moneyMinor(sum, cur)), open ? h('td', {}) : null)));
    stackTable(table);
  }
  const form = h('form', { class: 'add-line-item', novalidate: true },
    h('h3', {}, 'Add a line item'), itemFields(offs),
    h('button', { type: 'submit', class: 'btn small', disabled: !offs.length }, 'Add line item'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    try {
      await post('/line-items', { deal_id: deal.id, ...itemBody(formValues(form), true) });
      toast('Line item added'); onDone();
    } catch (err) { showError(form, err); }
  });
  return h('section', { class: 'panel', 'aria-label': 'Line items' }, h('h2', {}, 'Line items'),
    table || h('p', { class: 'muted' }, 'No line items: the deal\'s value is set by hand. With line items it is their sum.'),
    open ? form : null);
}
