// Settings › Lead forms (admins): the forms Fulcrum serves at /forms/KEY for
// the organisation's website. Each is listed with its page, who gets its
// leads (one user, or a team in turn) and the sites allowed to post, and
// shows its embed snippets (a plain HTML form, or an iframe) to copy; an
// admin adds one (title, fields and which are required, the leads' owner
// or team, the process, the allowed sites, a thank-you text), changes its
// title, owner or team, sites and thanks, and removes one. The rules are the server's (core/form.c): errors show by the field.
import { get, post, patch, del, items, qs } from './api.js';
import { h, clear, field, formValues, clearErrors, showError, toast, stackTable, dialog } from './ui.js';
import { processes, users } from './state.js';

const FIELDS = [['name', 'Name'], ['email', 'E-mail'], ['phone', 'Phone'], ['company', 'Company'],
  ['need', 'What they need'], ['message', 'Message']];

const lines = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

// The snippets of form F, for Fulcrum as this browser reaches it.
async function snippetPanel(f) {
  const s = await get(`/forms/${f.id}/snippet${qs({ url: location.origin })}`);
  const box = (label, text) => {
    const id = `snippet-${f.id}-${label.replace(/\W+/g, '-').toLowerCase()}`;
    return h('div', { class: 'field wide' }, h('label', { for: id }, label),
      h('textarea', { id, readonly: true, rows: 6, spellcheck: 'false', class: 'code' }, text));
  };
  return h('div', { class: 'snippets' },
    h('p', {}, 'Its page: ', h('a', { href: s.url, target: '_blank', rel: 'noopener' }, s.url)),
    box('HTML form to paste into a page of your site', s.html),
    box('Or an iframe of its page', s.iframe));
}

// Changes what a form's visitors read and where its leads go.
function editForm(f, userList, onDone) {
  const body = h('div', {},
    field({ name: 'title', label: 'Title', value: f.title, required: true, attrs: { maxlength: 200 } }),
    field({ name: 'lead_owner_id', label: 'Leads go to', type: 'select', value: f.lead_owner_id ? String(f.lead_owner_id) : '',
      options: [['', '— a team, in turn —'], ...userList.filter((u) => u.active !== false).map((u) => [String(u.id), u.name])] }),
    field({ name: 'team', label: 'Team (when the leads go to a team in turn)', value: f.team || '', attrs: { maxlength: 100 } }),
    field({ name: 'origins', label: 'Sites allowed to post (one a line)', type: 'textarea', value: (f.origins || []).join('\n') }),
    field({ name: 'thanks', label: 'Thank-you text', type: 'textarea', value: f.thanks || '', attrs: { maxlength: 2000 } }));
  dialog(`Edit the form ${f.title}`, body, async (v) => {
    const change = { title: v.title, origins: lines(v.origins), thanks: v.thanks || null };
    if (v.lead_owner_id) Object.assign(change, { lead_owner_id: Number(v.lead_owner_id), team: null });
    else Object.assign(change, { lead_owner_id: null, team: v.team || null });
    await patch(`/forms/${f.id}`, change, f.version);
    toast('Lead form saved');
    await onDone();
  });
}

function addForm(userList, processList, onDone) {
  const checks = (name, legend, checked) => h('fieldset', { class: 'field wide', dataset: { field: name } },
    h('legend', {}, legend),
    FIELDS.map(([k, l]) => h('label', { class: 'inline' },
      h('input', { type: 'checkbox', name: `${name}.${k}`, value: k, checked: checked.includes(k) }), ` ${l}`)),
    h('p', { class: 'field-error' }));
  const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'Add a lead form' },
    h('h2', {}, 'Add a lead form'),
    h('p', { class: 'form-error', role: 'alert', dataset: { form: '1' } }),
    h('div', { class: 'form-grid' },
      field({ name: 'title', label: 'Title (its heading)', required: true, attrs: { maxlength: 200 } }),
      checks('fields', 'Fields it asks for', ['name', 'email', 'need', 'message']),
      checks('required', 'Required of them', ['email']),
      field({ name: 'lead_owner_id', label: 'Leads go to', type: 'select', value: '',
        options: [['', '— a team, in turn —'], ...userList.filter((u) => u.active !== false).map((u) => [String(u.id), u.name])] }),
      field({ name: 'team', label: 'Team (when the leads go to a team in turn)', attrs: { maxlength: 100 } }),
      field({ name: 'process_id', label: 'Process', type: 'select', value: '',
        options: [['', '— the default —'], ...processList.map((p) => [String(p.id), p.name])] }),
      field({ name: 'origins', label: 'Sites allowed to post (https://www.example.com, one a line)', type: 'textarea', wide: true }),
      field({ name: 'thanks', label: 'Thank-you text', type: 'textarea', wide: true, attrs: { maxlength: 2000 } })),
    h('button', { type: 'submit', class: 'btn primary' }, 'Add form'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(form);
    const v = formValues(form);
    const picked = (name) => FIELDS.map(([k]) => k).filter((k) => v[`${name}.${k}`]);
    const body = { title: v.title, fields: picked('fields'), required: picked('required').filter((k) => v[`fields.${k}`]),
      origins: lines(v.origins) };
    if (v.lead_owner_id) body.lead_owner_id = Number(v.lead_owner_id); else body.team = v.team || null;
    if (v.process_id) body.process_id = Number(v.process_id);
    if (v.thanks) body.thanks = v.thanks;
    try {
      await post('/forms', body);
      toast('Lead form added');
      form.reset();
      await onDone();
    } catch (err) { showError(form, err); }
  });
  return form;
}

export async function formsPage(el, current) {
  const [userMap, processList] = await Promise.all([users(), processes()]);
  const userList = [...userMap.values()];
  if (current && !current()) return;
  const list = h('div', {});
  const nameOf = (id) => userList.find((u) => u.id === id)?.name || `user ${id}`;
  async function draw() {
    const all = items(await get(`/forms${qs({ limit: 1000 })}`));
    clear(list, all.length ? stackTable(h('table', { class: 'forms-table' },
      h('caption', { class: 'sr-only' }, 'Lead forms'),
      h('thead', {}, h('tr', {}, ['Title', 'Page', 'Leads go to', 'Sites allowed', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, all.map((f) => {
        const snippet = h('div', {});
        return [h('tr', { dataset: { key: f.key } },
          h('td', {}, f.title),
          h('td', {}, h('a', { href: `/forms/${f.key}`, target: '_blank', rel: 'noopener' }, `/forms/${f.key}`)),
          h('td', {}, f.team ? `team ${f.team}, in turn` : nameOf(f.lead_owner_id)),
          h('td', {}, (f.origins || []).join(', ') || '–'),
          h('td', {},
            h('button', { type: 'button', class: 'btn small', 'aria-label': `Edit the form ${f.title}`,
              onclick: () => editForm(f, userList, draw) }, 'Edit'), ' ',
            h('button', { type: 'button', class: 'btn small', 'aria-label': `Embed the form ${f.title}`, onclick: async () => {
              try { clear(snippet, await snippetPanel(f)); } catch (err) { toast(err.message); }
            } }, 'Embed'), ' ',
            h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove the form ${f.title}`, onclick: async () => {
              try { await del(`/forms/${f.id}`); toast('Lead form removed'); await draw(); } catch (err) { toast(err.message); }
            } }, 'Remove'))),
        h('tr', {}, h('td', { colspan: 5 }, snippet))];
      }).flat()))) : h('p', { class: 'muted' }, 'No lead forms yet.'));
  }
  await draw();
  clear(el, h('p', { class: 'muted' }, 'Forms for your website: a visitor who sends one becomes a contact (source web) '
    + 'on the lead owner\'s Today, or updates the contact with the same e-mail.'), list,
  addForm(userList, processList, draw));
}
