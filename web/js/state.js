// What pages share while the app runs: the signed-in user, and caches of
// processes, users and offerings that rarely change (cleared on sign-out).
import { get, items } from './api.js';

export const state = {
  user: null,
  navigate: null,
  reload: null,
  signedOut: null,
  cache: new Map(),
  reset() { this.cache.clear(); },
  isAdmin() { return this.user?.role === 'admin'; },
  isManager() { return this.user?.role === 'admin' || this.user?.role === 'manager'; },
};

function cached(key, load) {
  if (!state.cache.has(key)) {
    const p = load().catch((err) => { state.cache.delete(key); throw err; });
    state.cache.set(key, p);
  }
  return state.cache.get(key);
}

export function forget(key) { state.cache.delete(key); }

// The reports the server has (core's REPORT_LIST): name, title, series.
export function reportList() {
  return cached('reports', async () => items(await get('/reports')));
}

// Every process with its ordered steps.
export function processes() {
  return cached('processes', async () => items(await get('/processes')));
}

export async function processById(id) {
  const list = await processes();
  return list.find((p) => String(p.id) === String(id)) || list.find((p) => p.is_default) || list[0] || null;
}

// Users by id, for owner names (everyone may read the organisation's
// users; only admins change them).
export function users() {
  return cached('users', async () => {
    const map = new Map();
    if (state.user) map.set(state.user.id, state.user);
    let cursor = null;
    for (let i = 0; i < 50; i++) {
      const res = await get(`/users?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const u of items(res)) map.set(u.id, u);
      cursor = res?.next_cursor;
      if (!cursor) break;
    }
    return map;
  });
}

// The owners whose deals the signed-in user sees, as [id, name] by name:
// an admin the organisation's active users, a manager their team (and
// themselves), a rep themselves. The filters of the board, Today's team
// view and the reports list these.
export function ownersInView(map) {
  const me = state.user;
  const active = (u) => !(u.active === false || u.active === 0);
  const seen = [...map.values()].filter((u) => u.id === me?.id || (active(u) && (
    state.isAdmin() || (me?.role === 'manager' && me.team && u.team === me.team))));
  return seen.map((u) => [u.id, u.name || u.email]).sort((a, b) => a[1].localeCompare(b[1]));
}

export function userName(map, id) {
  if (id === null || id === undefined) return 'nobody';
  const u = map.get(id);
  if (u) return u.id === state.user?.id ? `${u.name || u.email} (you)` : (u.name || u.email);
  return `user #${id}`;
}

export function offerings() {
  // the active ones: a deactivated offering takes no new fit
  return cached('offerings', async () => items(await get('/offerings?limit=200&active=true')));
}

// The roles a stakeholder may have: core's deal_stakeholder_roles, as the
// API describes them (the Stakeholder schema of /openapi.json).
export function stakeholderRoles() {
  return cached('stakeholder-roles', async () => {
    const doc = await get('/openapi.json');
    return doc?.components?.schemas?.Stakeholder?.properties?.role?.enum || [];
  });
}
