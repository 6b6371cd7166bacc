// The single-page app: the session (sign in, recover the CSRF token after a
// reload, sign out), the layout, and a history router that draws one page
// module into <main>. Links marked data-link navigate without a reload.
import { api, get, post, setCsrf, setUnauthorizedHandler, ApiError } from './api.js';
import { h, clear, field, showError, clearErrors, formValues, errorPanel } from './ui.js';
import { state } from './state.js';
import { renderToday } from './today.js';
import { renderPipeline } from './pipeline.js';
import { renderDeal } from './deal.js';
import { renderDealForm } from './deal-form.js';
import { renderList, renderDetail, renderForm } from './records.js';
import { renderMerge } from './merge.js';
import { renderReports } from './reports.js';
import { renderCoaching } from './coaching.js';
import { renderSettings } from './settings.js';
import { passwordForm } from './password.js';
import { renderImport } from './import.js';
import { installSearch } from './search.js';
import { renderDuplicates } from './duplicates.js';

const HINT = 'fulcrum.signed-in';
const main = () => document.getElementById('main');

const routes = [
  [/^\/$/, 'today', () => renderToday],
  [/^\/today$/, 'today', () => renderToday],
  [/^\/pipeline$/, 'pipeline', () => renderPipeline],
  [/^\/deals\/new$/, 'pipeline', () => renderDealForm],
  [/^\/deals\/(\d+)$/, 'pipeline', (m) => (el, q) => renderDeal(el, Number(m[1]), q)],
  [/^\/(contacts|accounts)$/, null, (m) => (el, q) => renderList(el, m[1], q)],
  [/^\/(contacts|accounts)\/new$/, null, (m) => (el, q) => renderForm(el, m[1], null, q)],
  [/^\/(contacts|accounts)\/(\d+)$/, null, (m) => (el, q) => renderDetail(el, m[1], Number(m[2]), q)],
  [/^\/(contacts|accounts)\/(\d+)\/edit$/, null, (m) => (el, q) => renderForm(el, m[1], Number(m[2]), q)],
  [/^\/(contacts|accounts)\/(\d+)\/merge$/, null, (m) => (el, q, current) => renderMerge(el, m[1], Number(m[2]), q, current)],
  [/^\/duplicates\/(contacts|accounts)$/, null, (m) => (el, q) => renderDuplicates(el, m[1], q)],
  [/^\/import$/, 'import', () => renderImport],
  [/^\/reports\/coaching$/, 'reports', () => renderCoaching],
  [/^\/reports(?:\/([a-z_-]+))?$/, 'reports', (m) => (el, q) => renderReports(el, m[1] || 'pipeline', q)],
  [/^\/settings(?:\/([a-z_-]+))?$/, 'settings', (m) => (el, q) => renderSettings(el, m[1] || 'process', q)],
];

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route();
}
state.navigate = navigate;

let routeSeq = 0;
async function route() {
  const seq = ++routeSeq;
  const url = new URL(location.href);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (!state.user) {
    if (path !== '/login') history.replaceState(null, '', `/login${path !== '/' ? `?next=${encodeURIComponent(path + url.search)}` : ''}`);
    renderLogin();
    return;
  }
  if (path === '/login') { navigate('/', { replace: true }); return; }
  document.getElementById('top').hidden = false;
  if (state.user.password_change_required) {
    // a password an admin gave: the user's own comes before any page
    document.title = 'Choose your password · Fulcrum';
    passwordForm(main(), { heading: 'h1', title: 'Choose your own password',
      intro: 'Your password was given to you by an admin. Choose your own before you go on; you then sign in with it.' });
    main().querySelector('input').focus();
    return;
  }
  let render = null; let nav = null;
  for (const [re, n, make] of routes) {
    const m = re.exec(path);
    if (m) { render = make(m); nav = n || m[1]; break; }
  }
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const el = main();
  if (!render) {
    clear(el, h('h1', {}, 'Not found'), h('p', {}, 'There is no page here. ', h('a', { href: '/', 'data-link': true }, 'Go to Today')));
    document.title = 'Not found · Fulcrum';
    return;
  }
  el.setAttribute('aria-busy', 'true');
  try {
    await render(el, url.searchParams, () => seq === routeSeq);
  } catch (err) {
    if (seq === routeSeq && !(err instanceof ApiError && err.status === 401)) clear(el, errorPanel(err));
  } finally {
    el.removeAttribute('aria-busy');
  }
}
state.reload = route;
state.signedOut = () => signedOut('Your password changed: sign in with the new one.');

function renderLogin(message) {
  document.getElementById('top').hidden = true;
  document.title = 'Sign in · Fulcrum';
  const form = h('form', { class: 'panel', novalidate: true },
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }, message || ''),
    field({ name: 'email', label: 'Email', type: 'email', required: true, attrs: { autocomplete: 'username' } }),
    field({ name: 'password', label: 'Password', type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    h('button', { type: 'submit', class: 'btn primary' }, 'Sign in'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = formValues(form);
    try {
      const res = await api('POST', '/auth/login', { email: v.email, password: v.password }, { quiet401: true });
      signedIn(res);
      const next = new URL(location.href).searchParams.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      showError(form, err);
    }
  });
  clear(main(), h('div', { class: 'login' }, h('h1', {}, 'Sign in to Fulcrum'), form));
  form.querySelector('input').focus();
}

function signedIn(res) {
  state.user = { ...res.user, password_change_required: !!res.password_change_required };
  setCsrf(res.csrf_token);
  localStorage.setItem(HINT, '1');
  document.getElementById('who-name').textContent = `${res.user.name || res.user.email} (${res.user.role || 'user'})`;
  document.querySelector('[data-nav="settings"]').textContent = 'Settings';
}

function signedOut(message) {
  state.user = null;
  state.reset();
  setCsrf(null);
  localStorage.removeItem(HINT);
  history.replaceState(null, '', '/login');
  renderLogin(message);
}

async function signOut() {
  try { await post('/auth/logout'); } catch (e) { /* the session is gone either way */ }
  signedOut('You are signed out.');
}

async function start() {
  setUnauthorizedHandler(() => signedOut('Your session ended; please sign in again.'));
  document.getElementById('signout').addEventListener('click', signOut);
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest('a[data-link]');
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    navigate(a.getAttribute('href'));
    main().focus({ preventScroll: true });
  });
  window.addEventListener('popstate', route);
  installSearch();
  // Only ask the server about the session when this browser signed in
  // before: a first visit goes straight to the login form.
  if (localStorage.getItem(HINT)) {
    try {
      const me = await api('GET', '/auth/me', undefined, { quiet401: true });
      if (me && me.user) signedIn(me);
    } catch (err) {
      localStorage.removeItem(HINT);
    }
  }
  route();
}

start();
