// The HTTP API client: JSON in and out of /api/v1, the session's CSRF token
// on unsafe methods, and RFC 9457 problems turned into ApiError so pages can
// show a rule's message or put a validation detail next to its field.
const BASE = '/api/v1';
let csrf = null;
let onUnauthorized = null;

export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem || {};
    super(p.detail || p.title || `request failed (${status})`);
    this.status = status;
    this.problem = p;
    this.field = p.field || null;
    const m = /\/rules\/([a-z0-9-]+)$/.exec(p.type || '');
    this.rule = m ? m[1] : null;
  }
}

export function setCsrf(token) { csrf = token || null; }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  if (opts.ifMatch !== undefined && opts.ifMatch !== null) headers['If-Match'] = `"${opts.ifMatch}"`;
  let res;
  try {
    res = await fetch(BASE + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: 'network error', detail: 'the server cannot be reached' });
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try { data = await res.json(); } catch (e) { data = null; }
  } else {
    await res.text();
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && onUnauthorized && !opts.quiet401) onUnauthorized(err);
    throw err;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body, version) => api('PATCH', path, body, { ifMatch: version });
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

// Builds "?a=1&b=2" from an object, skipping empty values.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

// A list response's items whatever the envelope ({items} or a bare array).
export function items(res) {
  if (Array.isArray(res)) return res;
  if (res && Array.isArray(res.items)) return res.items;
  return [];
}

// Sends a file (BODY: a File or Blob) as the raw body of a POST, reporting
// the bytes sent to ONPROGRESS(sent, total); answers the JSON like api().
// XMLHttpRequest, because fetch does not report an upload's progress.
export function upload(path, body, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', BASE + path);
    x.setRequestHeader('Accept', 'application/json');
    x.setRequestHeader('Content-Type', body.type || 'text/csv');
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    if (onProgress) x.upload.onprogress = (ev) => onProgress(ev.loaded, ev.total || body.size);
    x.onerror = () => reject(new ApiError(0, { title: 'network error', detail: 'the server cannot be reached' }));
    x.onload = () => {
      let data = null;
      try { data = x.responseText ? JSON.parse(x.responseText) : null; } catch (e) { data = null; }
      if (x.status >= 200 && x.status < 300) { resolve(data); return; }
      const err = new ApiError(x.status, data);
      if (x.status === 401 && onUnauthorized) onUnauthorized(err);
      reject(err);
    };
    x.send(body);
  });
}
