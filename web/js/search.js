// The search box of the header: `/` focuses it from anywhere but a field,
// typing asks GET /api/v1/search (a moment after the last key), and the
// results show grouped by kind under the box, each a link to its record
// (an interaction, want or next step opens its deal, or else its contact).
// Keyboard: ArrowDown enters the results, ArrowUp/ArrowDown move between
// them, Enter opens one (from the box: the first), Escape closes them.
import { get, qs } from './api.js';
import { h, clear } from './ui.js';

const HEADINGS = { contact: 'Contacts', account: 'Accounts', deal: 'Deals',
  interaction: 'Interactions', want: 'Wants', next_step: 'Next steps' };
const WAIT_MS = 150;
const PER_KIND = 5;

function hrefOf(kind, r) {
  if (kind === 'contact') return `/contacts/${r.id}`;
  if (kind === 'account') return `/accounts/${r.id}`;
  if (kind === 'deal') return `/deals/${r.id}`;
  if (r.deal_id) return `/deals/${r.deal_id}`;
  return r.contact_id ? `/contacts/${r.contact_id}` : null;
}

function typingInField(ev) {
  const t = ev.target;
  return t instanceof HTMLElement && (t.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}

export function installSearch() {
  const form = document.getElementById('search');
  const box = document.getElementById('search-q');
  const panel = document.getElementById('search-results');
  let timer = null;
  let seq = 0;

  const links = () => [...panel.querySelectorAll('a')];
  // closing forgets an answer still on its way: it must not reopen them
  const close = () => {
    clearTimeout(timer);
    seq++;
    panel.hidden = true;
  };
  const open = () => { panel.hidden = false; };

  function show(res) {
    const groups = res.groups.filter((g) => g.results.length);
    if (!groups.length) {
      clear(panel, h('p', { class: 'search-none', role: 'status' }, 'Nothing found'));
      open();
      return;
    }
    clear(panel, ...groups.map((g) => h('section', { class: 'search-group', dataset: { kind: g.kind } },
      h('h2', { id: `search-h-${g.kind}` }, HEADINGS[g.kind] || g.kind),
      h('ul', { 'aria-labelledby': `search-h-${g.kind}` }, g.results.map((r) => {
        const href = hrefOf(g.kind, r);
        const body = [h('span', { class: 'search-title' }, r.title),
          r.context ? h('span', { class: 'search-context' }, r.context) : null,
          r.snippet ? h('span', { class: 'search-snippet' }, r.snippet) : null];
        return h('li', {}, href ? h('a', { href, 'data-link': true }, body) : h('span', {}, body));
      })))));
    open();
  }

  async function ask(text) {
    const mine = ++seq;
    try {
      const res = await get(`/search${qs({ q: text, limit: PER_KIND })}`);
      if (mine === seq && box.value.trim() === text) show(res);
    } catch (err) {
      if (mine !== seq) return;
      clear(panel, h('p', { class: 'search-none', role: 'alert' }, err.message));
      open();
    }
  }

  box.addEventListener('input', () => {
    clearTimeout(timer);
    const text = box.value.trim();
    if (!text) { seq++; close(); clear(panel); return; }
    timer = setTimeout(() => ask(text), WAIT_MS);
  });
  box.addEventListener('focus', () => { if (panel.childNodes.length && box.value.trim()) open(); });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const first = links()[0];
    if (first) first.click();
  });
  form.addEventListener('keydown', (ev) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (ev.key === 'Escape') {
      close();
      box.focus();
    } else if (ev.key === 'ArrowDown' && all.length) {
      ev.preventDefault();
      open();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (ev.key === 'ArrowUp' && at >= 0) {
      ev.preventDefault();
      if (at === 0) box.focus(); else all[at - 1].focus();
    } else {
      return;
    }
  });
  // a result opened (the app's link handler navigates): the panel goes
  panel.addEventListener('click', (ev) => { if (ev.target.closest('a')) close(); });
  document.addEventListener('click', (ev) => { if (!form.contains(ev.target)) close(); });
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey || typingInField(ev)) return;
    if (document.getElementById('top').hidden) return;
    ev.preventDefault();
    box.focus();
    box.select();
  });
}
