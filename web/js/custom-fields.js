// The organisation's custom fields on records (docs/custom-fields.md): the
// form controls of a record's fields (named "custom.KEY", so an API error
// naming the field shows beside it), the body they send, the facts a record
// page shows, and the columns and filters of a list. The rules of each
// type are the server's; this only draws and collects.
import { get, items, qs } from './api.js';
import { h, field, money, fmtDate } from './ui.js';

const PREFIX = 'custom.';

// The live fields of KIND (contact, account, deal), in their order.
export async function customFields(kind) {
  return items(await get(`/fields${qs({ kind, archived: 'false', sort: 'position', limit: 100 })}`));
}

// Options of the link fields among DEFS: {account: [[id, name]], contact: [...]}.
async function linkOptions(defs) {
  const out = {};
  for (const t of ['account', 'contact']) {
    if (defs.some((d) => d.type === t))
      out[t] = items(await get(`/${t}s${qs({ limit: 200, sort: 'name' })}`)).map((r) => [String(r.id), r.name]);
  }
  return out;
}

function label(d) {
  return d.type === 'money' ? `${d.label} (${d.currency})` : d.label;
}

// The controls of DEFS filled with VALUES (a record's "custom" object).
export async function customInputs(defs, values = {}) {
  const links = await linkOptions(defs);
  return defs.map((d) => {
    const v = values?.[d.key];
    const name = PREFIX + d.key;
    const base = { name, label: label(d), value: v ?? '' };
    switch (d.type) {
      case 'choice':
        return field({ ...base, type: 'select', options: [['', '— none —'], ...d.choices.map((c) => [c, c])] });
      case 'yesno':
        return field({ ...base, type: 'select', value: v === true ? 'yes' : v === false ? 'no' : '',
          options: [['', '— none —'], ['yes', 'Yes'], ['no', 'No']] });
      case 'account':
      case 'contact': {
        const opts = links[d.type] || [];
        if (v && !opts.some(([id]) => id === String(v))) opts.unshift([String(v), `#${v}`]);
        return field({ ...base, type: 'select', options: [['', '— none —'], ...opts] });
      }
      case 'date':
        return field({ ...base, type: 'date' });
      case 'number':
        return field({ ...base, attrs: { inputmode: 'decimal' } });
      case 'money':
        return field({ ...base, attrs: { inputmode: 'decimal' } });
      default:
        return field({ ...base, type: d.type === 'text' ? 'text' : 'text', attrs: { maxlength: 2000 } });
    }
  });
}

// The "custom" member of a body from form values V: every field on create
// (blank ones left out), only the changed ones (blank: null) on an edit of
// a record whose values were BEFORE. Removes the custom.* keys from V.
export function customBody(v, before) {
  const out = {};
  for (const k of Object.keys(v)) {
    if (!k.startsWith(PREFIX)) continue;
    const key = k.slice(PREFIX.length);
    const val = v[k];
    delete v[k];
    const was = before ? before[key] : undefined;
    const wasText = was === true ? 'yes' : was === false ? 'no' : was === undefined || was === null ? '' : String(was);
    if (before === undefined) { if (val !== '') out[key] = val; continue; }
    if (val === wasText) continue;
    out[key] = val === '' ? null : val;
  }
  return Object.keys(out).length ? out : undefined;
}

// How a person reads value V of field D.
export function customText(d, v) {
  if (v === null || v === undefined || v === '') return '–';
  if (d.type === 'money') return money(v, d.currency);
  if (d.type === 'yesno') return v ? 'Yes' : 'No';
  if (d.type === 'date') return fmtDate(v);
  return String(v);
}

// The record's custom values as dt/dd pairs; links go to their record.
export function customFacts(defs, values = {}) {
  return defs.map((d) => {
    const v = values?.[d.key];
    const text = customText(d, v);
    const link = (d.type === 'account' || d.type === 'contact') && v
      ? h('a', { href: `/${d.type}s/${v}`, 'data-link': true }, `#${v}`) : text;
    return [h('dt', {}, d.label), h('dd', { dataset: { custom: d.key } }, link)];
  });
}

// A list's columns for DEFS: [key, heading] with the cell's text.
export function customColumns(defs) {
  return defs.map((d) => [PREFIX + d.key, d.label, (r) => customText(d, r.custom?.[d.key])]);
}

// The list filters DEFS allow by equality: choices and yes/no.
export function customFilters(defs) {
  return defs.filter((d) => d.type === 'choice' || d.type === 'yesno')
    .map((d) => [PREFIX + d.key, d.label, d.type === 'choice' ? d.choices : ['yes', 'no']]);
}
