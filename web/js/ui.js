// Small DOM helpers shared by every page: an element builder, formatting of
// money, dates and days, dialogs built on <dialog>, forms that show an API
// problem next to the field it names, and a status toast.
import { ApiError } from './api.js';

export function h(tag, attrs, ...children) {
  const el = document.createElementNS(
    tag === 'svg' || attrs?.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml',
    tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false || k === 'svg') continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && 'value' in el && el.namespaceURI.endsWith('xhtml')) el.value = v;
    else if (k === 'checked' || k === 'selected') el[k] = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

// SVG element: s('rect', {...}).
export function s(tag, attrs, ...children) {
  return h(tag, { ...(attrs || {}), svg: true }, ...children);
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Money as "USD 12,500" in the record's currency (amounts are decimal
// units): the currency code first, as the CLI and the exports print it
// (src/core/display.c), with the currency's own decimals (JPY none, KWD
// three: "KWD 1.234"), left out when the amount is whole.
export function money(v, currency) {
  const n = Number(v || 0);
  const digits = Number.isInteger(n) ? 0 : currencyDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency', currency: currency || 'USD', currencyDisplay: 'code',
      minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(n);
  } catch (e) {
    return `${n.toLocaleString(undefined, { maximumFractionDigits: digits })} ${currency || ''}`.trim();
  }
}

// The decimals of CURRENCY's minor unit (ISO 4217: JPY 0, USD 2, KWD 3),
// as the browser knows them; 2 for a code it does not.
export function currencyDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency || 'USD' })
      .resolvedOptions().maximumFractionDigits;
  } catch (e) {
    return 2;
  }
}

// An amount in integer minor units (the API's `*_minor`: JPY 1000000 is
// JPY 1,000,000, USD 123450 is USD 1,234.50) as money().
export function moneyMinor(minor, currency) {
  return money(Number(minor || 0) / 10 ** currencyDigits(currency), currency);
}

export function num(v, digits = 0) {
  if (v === null || v === undefined || v === '') return '';
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return n.toLocaleString(undefined, { maximumFractionDigits: digits });
}

// A percentage from a fraction (the reports' rates: 0.9 is "90%") or,
// with PERCENT set, from a number already in percent (a step's probability).
export function pct(v, percent = false) {
  if (v === null || v === undefined || v === '') return '';
  const n = Number(v) * (percent ? 1 : 100);
  if (!Number.isFinite(n)) return String(v);
  return `${n.toFixed(n < 10 && n !== 0 && !Number.isInteger(n) ? 1 : 0)}%`;
}

// Parses the server's times ("2024-05-01T10:00:00Z", "2024-05-01 10:00:00",
// unix seconds) and dates ("2024-05-01").
export function parseTime(v) {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return new Date(v < 1e12 ? v * 1000 : v);
  const str = String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(str)) return new Date(`${str}T00:00:00`);
  const d = new Date(str.includes('T') ? str : str.replace(' ', 'T') + (/[zZ+]/.test(str) ? '' : 'Z'));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function fmtDate(v) {
  const d = parseTime(v);
  return d ? d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '';
}

export function fmtTime(v) {
  const d = parseTime(v);
  return d ? d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '';
}

export function daysSince(v) {
  const d = parseTime(v);
  if (!d) return null;
  return Math.max(0, Math.floor((Date.now() - d.getTime()) / 86400000));
}

export function today(offsetDays = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function humanize(key) {
  return String(key || '').replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

let toastTimer = null;
export function toast(msg) {
  const t = document.getElementById('toast');
  t.textContent = msg;
  t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 3500);
}

// A labelled form control with room for its error. SPEC: {name, label,
// type, value, options:[[value,label]], required, hint, attrs}.
let fieldSeq = 0;
export function field(spec) {
  const id = `f${++fieldSeq}-${spec.name}`;
  const errId = `${id}-err`;
  const common = {
    id, name: spec.name, required: spec.required || undefined,
    'aria-describedby': errId, ...(spec.attrs || {}),
  };
  let control;
  if (spec.type === 'select') {
    control = h('select', common,
      (spec.options || []).map(([v, l]) => h('option', { value: v, selected: String(v) === String(spec.value ?? '') }, l)));
  } else if (spec.type === 'textarea') {
    control = h('textarea', common);
    control.value = spec.value ?? '';
  } else if (spec.type === 'checkbox') {
    control = h('input', { ...common, type: 'checkbox', checked: !!spec.value });
    return h('div', { class: ['field inline', spec.wide && 'wide'], dataset: { field: spec.name } },
      control, h('label', { for: id }, spec.label),
      h('p', { class: 'field-error', id: errId }));
  } else {
    control = h('input', { ...common, type: spec.type || 'text', value: spec.value ?? '' });
  }
  return h('div', { class: ['field', spec.wide && 'wide'], dataset: { field: spec.name } },
    h('label', { for: id }, spec.label),
    spec.hint ? h('p', { class: 'muted sr-hint' }, spec.hint) : null,
    control,
    h('p', { class: 'field-error', id: errId }));
}

export function formError(form) {
  let el = form.querySelector(':scope > .form-error, .form-error[data-form]');
  if (!el) {
    el = h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } });
    form.prepend(el);
  }
  return el;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error, .form-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Puts an API error next to the field it names (problem.field), else at
// the top of the form. Nested names ("next_step.due") match their leaf too.
export function showError(form, err) {
  const msg = err instanceof ApiError || err?.message ? err.message : String(err);
  const name = err?.field;
  if (name) {
    const candidates = [name, name.split('.').pop()];
    for (const n of candidates) {
      const wrap = form.querySelector(`[data-field="${CSS.escape(n)}"]`);
      if (wrap) {
        const control = wrap.querySelector('input, select, textarea');
        if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
        const e = wrap.querySelector('.field-error');
        e.textContent = msg;
        e.setAttribute('role', 'alert');
        return;
      }
    }
  }
  formError(form).textContent = msg;
}

export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.type === 'radio') { if (el.checked) out[el.name] = el.value; }
    else out[el.name] = el.value.trim();
  }
  return out;
}

// Opens a modal dialog holding FORM; SUBMIT(values, form) returns a promise;
// the dialog closes when it resolves and shows the error when it rejects.
export function dialog(title, body, submit, { submitLabel = 'Save', onClose } = {}) {
  const titleId = `dlg-${++fieldSeq}`;
  const form = h('form', { method: 'dialog', novalidate: true },
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    body,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'btn', value: 'cancel', onclick: () => dlg.close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'btn primary' }, submitLabel)));
  const dlg = h('dialog', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      await submit(formValues(form), form);
      dlg.close('ok');
    } catch (err) {
      showError(form, err);
    } finally {
      btn.disabled = false;
    }
  });
  dlg.addEventListener('close', () => { dlg.remove(); if (onClose) onClose(dlg.returnValue); });
  document.body.append(dlg);
  dlg.showModal();
  const first = form.querySelector('input:not([type=hidden]), select, textarea');
  if (first) first.focus();
  return dlg;
}

// Marks TABLE to be read as a stack of cards on a phone: each cell gets its
// column's heading (shown before it by app.css) since the heading row is
// hidden there. Call again after the rows change.
export function stackTable(table) {
  table.classList.add('stack');
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  for (const tr of table.querySelectorAll('tbody tr')) {
    [...tr.children].forEach((td, i) => { if (heads[i] && !td.hasAttribute('colspan')) td.dataset.label = heads[i]; });
  }
  return table;
}

// A page-level error panel.
export function errorPanel(err) {
  return h('div', { class: 'panel', role: 'alert' },
    h('p', { class: 'form-error' }, err?.message || String(err)));
}
