// The board's filters and search, kept in the page's address so a filtered
// board can be shared and reloaded; the server applies them
// (GET /api/v1/board). FILTER_KEYS are the query parameters they set.
import { h } from './ui.js';

export const FILTER_KEYS = ['stalled', 'overdue', 'no_next_step', 'close_month', 'value_min', 'value_max', 'q'];
const CHECKS = [['stalled', 'Stalled'], ['overdue', 'Overdue next step'], ['no_next_step', 'No next step']];

// The filters of Q (URLSearchParams) as /board parameters.
export function filtersOf(q) {
  const out = {};
  for (const k of FILTER_KEYS) if (q.get(k)) out[k] = q.get(k);
  return out;
}

// The form; APPLY(filters) is called with the new filters on a change.
export function filterBar(q, apply) {
  const cur = filtersOf(q);
  const input = (name, label, attrs) => h('div', { class: 'field' },
    h('label', { for: `bf-${name}` }, label),
    h('input', { id: `bf-${name}`, name, value: cur[name] || '', ...attrs }));
  const form = h('form', { class: 'board-filters', role: 'search', 'aria-label': 'Filter the board' },
    input('q', 'Search deals', { type: 'search', placeholder: 'Title, account or contact', maxlength: 200 }),
    h('fieldset', { class: 'board-checks' }, h('legend', { class: 'sr-only' }, 'Show only'),
      CHECKS.map(([name, label]) => h('div', { class: 'field inline' },
        h('input', { type: 'checkbox', id: `bf-${name}`, name, checked: cur[name] === 'true' }),
        h('label', { for: `bf-${name}` }, label)))),
    input('close_month', 'Closes in', { type: 'month' }),
    input('value_min', 'Value from', { inputmode: 'decimal', size: 8 }),
    input('value_max', 'Value to', { inputmode: 'decimal', size: 8 }),
    h('button', { type: 'submit', class: 'btn small' }, 'Apply'),
    Object.keys(cur).length ? h('button', { type: 'button', class: 'btn small', onclick: () => apply({}) }, 'Clear filters') : null);
  const read = () => {
    const out = {};
    for (const k of FILTER_KEYS) {
      const el = form.elements[k];
      if (el.type === 'checkbox') { if (el.checked) out[k] = 'true'; } else if (el.value.trim()) out[k] = el.value.trim();
    }
    return out;
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(read()); });
  // a check box or a month applies at once; typed text on Apply or Enter
  form.addEventListener('change', (ev) => { if (ev.target.type === 'checkbox' || ev.target.type === 'month') apply(read()); });
  return form;
}
